import Foundation
import XCTest

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs the built `kpcensus` (beside the test bundle) from the repository root.
struct CLI {
    struct Output {
        var status: Int32
        var stdout: Data
        var stderr: String
    }

    static var binary: URL {
        // The test bundle lives in the build folder next to the executable.
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0 ..< 4 {
            let candidate = dir.appendingPathComponent("kpcensus")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repoRoot.appendingPathComponent(".build/debug/kpcensus")
    }

    @discardableResult
    static func run(_ args: [String], stdin: Data? = nil) throws -> Output {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = repoRoot
        // Standard output goes to a file and standard error to a pipe read to its end
        // before waiting, so neither can fill up and block the child.
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("kpcli-\(UUID().uuidString).out")
        FileManager.default.createFile(atPath: outFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outFile) }
        let outHandle = try FileHandle(forWritingTo: outFile)
        let err = Pipe()
        p.standardOutput = outHandle
        p.standardError = err
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try outHandle.close()
        return Output(status: p.terminationStatus, stdout: try Data(contentsOf: outFile), stderr: String(decoding: errData, as: UTF8.self))
    }
}
