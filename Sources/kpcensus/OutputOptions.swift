import ArgumentParser
import Logging

/// --quiet / --verbose / --log-format, shared by every verb.
struct OutputOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print progress details.")
    var verbose = false

    @Option(help: "Log lines and errors on standard error as text or json (one object a line: ts, level, message, exit_code).")
    var logFormat = LogFormat.text

    func validate() throws {
        if quiet && verbose { throw ValidationError("--quiet and --verbose exclude each other") }
        LogFormat.selected = logFormat
    }

    /// Sets up swift-log for this run and returns the tool's logger.
    func logger() -> Logger {
        let level: Logger.Level = quiet ? .error : (verbose ? .info : .warning)
        LoggingSystem.bootstrap { _ in PlainLogHandler(logLevel: level) }
        return Logger(label: "kpcensus")
    }
}
