import ArgumentParser
import Foundation
import KPCapture
import KPModel

// A capture cut short by another program while it is mapped ends that file, not the
// process: the CLI owns the process's signal dispositions, so it installs the guard.
MappingFaultGuard.install()

// Exit codes (DESIGN.md): 0 ok, 1 findings the user asked to fail on, 2 bad input
// or usage, 3 environment. Every library error carries its own; ArgumentParser's
// usage errors (64) become 2.
do {
    var command = try KPCensusCommand.parseAsRoot()
    try command.run()
} catch let error as UserFacingError {
    LogFormat.write(level: "error", message: error.description, exitCode: error.exitCode)
    exit(error.exitCode)
} catch {
    let code = KPCensusCommand.exitCode(for: error)
    let message = KPCensusCommand.fullMessage(for: error)
    if code == .success {
        print(message)
        exit(0)
    }
    if LogFormat.selected == .json {
        LogFormat.write(level: "error", message: message, exitCode: code == .validationFailure ? 2 : code.rawValue)
    } else if !message.isEmpty {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
    exit(code == .validationFailure ? 2 : code.rawValue)
}
