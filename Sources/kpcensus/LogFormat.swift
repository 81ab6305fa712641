import ArgumentParser
import Foundation
import Logging

/// `--log-format text|json`: how log lines and the final error line go to standard
/// error. json is one object a line (`ts`, `level`, `message`, and `exit_code` on the
/// error line) for log shippers and scripts; text is what a person reads.
enum LogFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case text, json

    /// Set once from the parsed options, before anything is logged; read by main's error path.
    nonisolated(unsafe) static var selected = LogFormat.text

    /// Writes one line (a log event or the error that ends the run) in the selected format.
    static func write(level: String, message: String, exitCode: Int32? = nil) {
        let line: String
        switch selected {
        case .text:
            // The error that ends a run reads "kpcensus: …"; log events from warning up name their level.
            let named = exitCode == nil && ["warning", "error", "critical"].contains(level)
            line = "kpcensus: " + (named ? "\(level): " : "") + message
        case .json:
            var object: [String: Any] = ["ts": timestamp(), "level": level, "message": message]
            if let exitCode { object["exit_code"] = Int(exitCode) }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            line = String(decoding: data, as: UTF8.self)
        }
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    private static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
