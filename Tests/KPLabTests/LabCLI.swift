import Foundation
import XCTest

/// Runs the built `kpcensus` (beside the test bundle) from the repository root.
enum LabCLI {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var binary: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0 ..< 4 {
            let candidate = dir.appendingPathComponent("kpcensus")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repoRoot.appendingPathComponent(".build/debug/kpcensus")
    }

    /// Starts kpcensus with output to files; `wait` collects it.
    static func start(_ args: [String]) throws -> (Process, URL, URL) {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = repoRoot
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kplabcli-\(UUID().uuidString)")
        let out = base.appendingPathExtension("out"), err = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        p.standardOutput = try FileHandle(forWritingTo: out)
        p.standardError = try FileHandle(forWritingTo: err)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        return (p, out, err)
    }

    static func wait(_ started: (Process, URL, URL)) -> Output {
        let (p, out, err) = started
        p.waitUntilExit()
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        return Output(status: p.terminationStatus, stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }

    @discardableResult
    static func run(_ args: [String]) throws -> Output { wait(try start(args)) }
}

/// The lab tests need root, as CI has; they fail (never skip silently) without it.
func requireRoot() throws {
    if geteuid() != 0 {
        // The opt-out is for developers' machines; under CI nothing may skip.
        let env = ProcessInfo.processInfo.environment
        if env["KPCENSUS_SKIP_LAB"] == "1" && env["CI"] == nil { throw XCTSkip("KPCENSUS_SKIP_LAB=1: lab tests skipped on request") }
        XCTFail("the lab tests need root (network namespaces, live capture); run as root or set KPCENSUS_SKIP_LAB=1 to skip them")
        throw XCTSkip("not root")
    }
}

func netnsList() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []).sorted()
}

func rootInterfaces() -> Set<String> {
    Set((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? [])
}

/// A lab name unique to this test process (`kpt<role><pid>`, ≤ 12 characters), so
/// test runs of several checkouts on one machine never take each other's lab down.
func testLabName(_ role: String) -> String { "kpt\(role)\(getpid() % 100_000)" }
