/// A user-facing error that is a message and an exit code, the shape of most of
/// them. `Domain` is a tag that keeps each target's errors a type of its own
/// (`CaptureError`, `ScanError`, …), so a caller can still catch one kind only.
public struct MessageError<Domain>: UserFacingError, Sendable, Equatable {
    public var message: String
    public var exitCode: Int32

    /// `exitCode` 2 is bad input or usage, 3 the environment (DESIGN "Command line").
    public init(_ message: String, exitCode: Int32 = 2) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }
}
