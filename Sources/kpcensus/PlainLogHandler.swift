import Foundation
import Logging

/// Log lines as a command-line user expects them on standard error:
/// `kpcensus: warning: …`, without timestamps or labels.
struct PlainLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let prefix = event.level >= .warning ? "\(event.level): " : ""
        FileHandle.standardError.write(Data("kpcensus: \(prefix)\(event.message)\n".utf8))
    }
}
