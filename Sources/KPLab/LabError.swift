import KPModel

/// Tags the errors of the lab.
public enum LabErrorDomain {}

/// A lab problem for the user: the message names the field, file, binary or
/// privilege and says what to do.
public typealias LabError = MessageError<LabErrorDomain>

extension MessageError where Domain == LabErrorDomain {
    /// A spec error (exit 2) naming the field path, e.g. `sites[3].addr`.
    static func spec(_ field: String, _ what: String) -> LabError {
        LabError("spec: \(field): \(what)", exitCode: 2)
    }

    /// An environment error (exit 3): missing privilege, binary or interface.
    static func environment(_ message: String) -> LabError {
        LabError(message, exitCode: 3)
    }
}
