import Foundation

/// The repository's root folder (tests run the CLI from there, with relative paths).
public let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs the built `kpcensus` (beside the test bundle) from the repository root, its
/// standard output and error going to files so that neither can fill up and block it.
public enum KPCensusCLI {
    public struct Output {
        public var status: Int32
        public var stdoutData: Data
        public var stderr: String
        public var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    }

    /// A started run: `wait` collects it; `process` can be signalled meanwhile.
    public struct Started {
        public let process: Process
        let out: URL
        let err: URL
    }

    /// The test bundle lives in the build folder next to the executable.
    public static var binary: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0 ..< 4 {
            let candidate = dir.appendingPathComponent("kpcensus")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repoRoot.appendingPathComponent(".build/debug/kpcensus")
    }

    /// Starts kpcensus with `stdin` as its standard input (none: /dev/null).
    public static func start(_ args: [String], stdin: Data? = nil) throws -> Started {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = repoRoot
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kpcli-\(UUID().uuidString)")
        let out = base.appendingPathExtension("out"), err = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        let input = stdin.map { _ in Pipe() }
        p.standardInput = input ?? FileHandle.nullDevice
        try p.run()
        if let input, let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        return Started(process: p, out: out, err: err)
    }

    public static func wait(_ run: Started) -> Output {
        run.process.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: run.out); try? FileManager.default.removeItem(at: run.err) }
        return Output(status: run.process.terminationStatus, stdoutData: (try? Data(contentsOf: run.out)) ?? Data(),
                      stderr: (try? String(contentsOf: run.err, encoding: .utf8)) ?? "")
    }

    @discardableResult
    public static func run(_ args: [String], stdin: Data? = nil) throws -> Output { wait(try start(args, stdin: stdin)) }
}
