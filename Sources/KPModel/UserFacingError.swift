/// An error that reaches the user: `description` names the file, byte offset or
/// argument and says what to do; `exitCode` is the exit status the CLI ends with
/// (DESIGN "Command line": 2 bad input or usage, 3 environment). The CLI maps every
/// such error in one place (`main.swift`).
public protocol UserFacingError: Error, CustomStringConvertible {
    var exitCode: Int32 { get }
}
