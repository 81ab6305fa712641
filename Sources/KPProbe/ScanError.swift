import KPModel

/// Tags the errors of the scanner.
public enum ScanErrorDomain {}

/// A scan problem for the user: the message names the target, option or file and
/// says what to do.
public typealias ScanError = MessageError<ScanErrorDomain>
