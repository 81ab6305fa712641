import Foundation
import KPScope
import KPWire

/// Runs a real tool (ping, dig, curl, tcpdump) inside a network namespace with `ip netns exec`.
enum Tool {
    struct Output { var status: Int32; var output: String }

    /// Runs `argv` in `ns`, waits at most `timeout` seconds (then kills it by its PID).
    static func run(_ ns: String, _ argv: [String], timeout: Double = 10) throws -> Output {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["ip", "netns", "exec", ns] + argv
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { throw AirgapError("cannot run ip netns exec \(ns) \(argv[0]): \(error)", exitCode: 3) }
        let killer = DispatchWorkItem { if p.isRunning { kill(p.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        killer.cancel()
        return Output(status: p.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs a probing tool whose command line names `target`, an address the scope
    /// guard admitted: `argv` gets its text (in brackets for IPv6 when `bracketV6`).
    static func probe(_ ns: String, _ target: InScope<IPAddress>, timeout: Double, bracketV6: Bool = false,
                      _ argv: (String) -> [String]) throws -> Output {
        let a = target.address
        return try run(ns, argv(bracketV6 && !a.isV4 ? "[\(a)]" : a.description), timeout: timeout)
    }

    /// Fails (exit 3) naming the first of `tools` not on PATH.
    static func require(_ tools: [String]) throws {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin").split(separator: ":")
        for t in tools where !path.contains(where: { FileManager.default.isExecutableFile(atPath: "\($0)/\(t)") }) {
            throw AirgapError("active air-gap tests need '\(t)', which is not installed (scripts/install-deps.sh test)", exitCode: 3)
        }
    }
}
