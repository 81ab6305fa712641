import KPModel

/// Tags the errors of packet sources: a file or interface that cannot be read.
public enum CaptureErrorDomain {}

/// A problem with an input the user named: the message says which file (or
/// argument), where, and what to do.
public typealias CaptureError = MessageError<CaptureErrorDomain>
