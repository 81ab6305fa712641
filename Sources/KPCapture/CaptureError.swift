/// A problem with an input the user named: the message says which file (or
/// argument), where, and what to do; `exitCode` follows DESIGN.md (2 bad input,
/// 3 environment).
public struct CaptureError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = 2) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}
