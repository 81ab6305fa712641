import KPModel

/// A scan problem for the user: the message names the target, option or file and
/// says what to do; `exitCode` follows DESIGN.md (2 bad input, 3 environment).
public struct ScanError: UserFacingError, Sendable, Equatable {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = 2) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}
