import KPModel

/// A bad --scope, --blocklist or target (exit 2): the message names the item and says what to do.
public struct ScopeError: UserFacingError, Sendable, Equatable {
    public var message: String
    public var exitCode: Int32 { 2 }

    init(_ message: String) { self.message = message }

    public var description: String { message }
}
