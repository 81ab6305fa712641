import Foundation
import Logging

/// Log lines as a command-line user expects them on standard error:
/// `kpcensus: warning: …`, without timestamps or labels (or JSON: --log-format json).
struct PlainLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        LogFormat.write(level: "\(event.level)", message: "\(event.message)")
    }
}
