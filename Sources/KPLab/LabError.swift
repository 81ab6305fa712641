/// A lab problem for the user: the message names the field, file, binary or
/// privilege and says what to do; `exitCode` follows DESIGN.md (2 bad input,
/// 3 environment).
public struct LabError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = 2) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }

    /// A spec error (exit 2) naming the field path, e.g. `sites[3].addr`.
    static func spec(_ field: String, _ what: String) -> LabError {
        LabError("spec: \(field): \(what)", exitCode: 2)
    }

    /// An environment error (exit 3): missing privilege, binary or interface.
    static func environment(_ message: String) -> LabError {
        LabError(message, exitCode: 3)
    }
}
