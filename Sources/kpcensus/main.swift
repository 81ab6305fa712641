import ArgumentParser
import Foundation
import KPAirgap
import KPCapture
import KPStore

// Exit codes (DESIGN.md): 0 ok, 1 findings the user asked to fail on, 2 bad input
// or usage, 3 environment. ArgumentParser's usage errors (64) become 2.
do {
    var command = try KPCensusCommand.parseAsRoot()
    try command.run()
} catch let error as CaptureError {
    FileHandle.standardError.write(Data("kpcensus: \(error.message)\n".utf8))
    exit(error.exitCode)
} catch let error as AirgapError {
    FileHandle.standardError.write(Data("kpcensus: \(error.description)\n".utf8))
    exit(error.exitCode)
} catch let error as StoreError {
    FileHandle.standardError.write(Data("kpcensus: \(error.description)\n".utf8))
    exit(2)
} catch {
    let code = KPCensusCommand.exitCode(for: error)
    let message = KPCensusCommand.fullMessage(for: error)
    if code == .success {
        print(message)
        exit(0)
    }
    if !message.isEmpty { FileHandle.standardError.write(Data("\(message)\n".utf8)) }
    exit(code == .validationFailure ? 2 : code.rawValue)
}
