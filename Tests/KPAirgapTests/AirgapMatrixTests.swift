import Foundation
import KPModel
import XCTest
@testable import KPAirgap
@testable import KPLab
import KPTestSupport

/// The matrix over the small lab (Datasets/labs/small.json, with its client traffic
/// running): the clean lab holds, passively and actively, with no finding of severity
/// breach; each injected breach gives BREACHED, passively and actively, with that kind
/// among the findings and a finding of that kind naming the bridging host of the truth.
/// The lab is named after the test process, so that runs of several checkouts do not
/// take down each other's labs. Each row prints a line of the matrix table in docs/airgap.md
/// (and appends it to $KPCENSUS_MATRIX_TABLE when set).
final class AirgapMatrixTests: XCTestCase {
    static let lab = "kpagm\(getpid() % 100_000)"
    static let spec = "Datasets/labs/small.json"
    var made: [String] = []
    var pids: [Int32] = []

    override func tearDown() {
        for p in pids where kill(p, 0) == 0 { kill(p, SIGINT); var s: Int32 = 0; waitpid(p, &s, 0) }
        pids = []
        _ = try? Lab.down(name: AirgapMatrixTests.lab)
        for f in made { try? FileManager.default.removeItem(atPath: f) }
        made = []
    }

    func testClean() throws { try matrix(nil) }
    func testForwarding() throws { try matrix("forwarding") }
    func testNat() throws { try matrix("nat") }
    func testDNSForwarder() throws { try matrix("dns-forwarder") }
    func testHTTPProxy() throws { try matrix("http-proxy") }
    func testTunnel() throws { try matrix("tunnel") }
    func testICMPOnly() throws { try matrix("icmp-only") }

    func ns(_ host: String) -> String { "kp-\(AirgapMatrixTests.lab)-\(host)" }

    func tmp(_ name: String) -> String {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("kpagm-\(UUID().uuidString)-\(name)").path
        made.append(p)
        return p
    }

    var captureLogs: [String] = []

    /// Starts tcpdump in a lab namespace (stopped by its PID). In immediate mode each
    /// packet takes a ring slot of the snapshot length: with the default 2 MB buffer a
    /// burst of a few dozen packets was dropped (the proxy's answer, now and then), so
    /// the buffer is 16 MB and `stopCaptures` fails the row on any drop.
    func tcpdump(_ host: String, _ iface: String, _ path: String) throws {
        let pid = try Exec.spawn(["ip", "netns", "exec", ns(host), "tcpdump", "-i", iface, "-n", "-U", "--immediate-mode", "-B", "16384", "-Z", "root", "-w", path], log: path + ".log")
        made.append(path + ".log")
        captureLogs.append(path + ".log")
        pids.append(pid)
    }

    func stopCaptures() {
        usleep(500_000)
        for p in pids { kill(p, SIGINT); var s: Int32 = 0; waitpid(p, &s, 0) }
        pids = []
        for log in captureLogs {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            XCTAssertTrue(text.contains("\n0 packets dropped by kernel"), "the capture lost packets, so its verdict proves nothing: \(log):\n\(text)")
        }
        captureLogs = []
    }

    /// Lab namespaces only: forget neighbours so that captures see who answers ARP for what.
    func flushNeighbours() throws {
        for h in ["core", "border", "inet"] { _ = try Exec.run(["ip", "-n", ns(h), "neigh", "flush", "all"]) }
    }

    func matrix(_ breach: String?) throws {
        try requireRoot("the air-gap matrix (network namespaces)")
        let started = Date()
        let truthPath = tmp("truth.json")
        var up = ["lab", "up", "--spec", AirgapMatrixTests.spec, "--name", AirgapMatrixTests.lab, "--truth", truthPath, "-q"]
        if let b = breach { up += ["--breach", b] }
        let r = try KPCensusCLI.run(up)
        XCTAssertEqual(r.status, 0, r.stderr)
        let truth = try LabTruth.decode(try Data(contentsOf: URL(fileURLWithPath: truthPath)))
        XCTAssertEqual(truth.breach?.kind, breach)
        let bridgeAddrs = Set(truth.breach?.addrs ?? [])
        let client = ns("home2")

        // Passive: captures inside (every core interface) and outside (the canaries' link) while a client tries to get out.
        let inside = tmp("inside.pcap"), outside = tmp("outside.pcap")
        try flushNeighbours()
        try tcpdump("core", "any", inside)
        try tcpdump("inet", "eth0", outside)
        usleep(700_000)
        for argv in [["curl", "-s", "-o", "/dev/null", "-m", "2", "http://kcna.kp/"],
                     ["curl", "-s", "-o", "/dev/null", "-m", "2", "http://198.51.100.10/"],
                     ["ping", "-n", "-c", "2", "-i", "0.3", "-W", "1", "198.51.100.10"],
                     ["dig", "+time=1", "+tries=1", "@10.76.0.53", "kpcensus-canary.example.com", "A"],
                     ["curl", "-s", "-o", "/dev/null", "-m", "3", "-x", "http://10.76.1.10:\(Topology.proxyPort)", "http://198.51.100.10/"]] {
            _ = try Exec.run(["ip", "netns", "exec", client] + argv)
        }
        usleep(1_200_000)   // the tunnel's pings, once a second
        stopCaptures()
        let passiveJSON = tmp("passive.json")
        let p = try KPCensusCLI.run(["airgap", "--pcap", inside, "--outside-pcap", outside, "--inside", "10.0.0.0/8", "--json", passiveJSON, "-q", "--fail-on-breach"])
        XCTAssertEqual(p.status, breach == nil ? 0 : 1, p.stderr)
        let passive = try AirgapResult.decode(try Data(contentsOf: URL(fileURLWithPath: passiveJSON)))
        check(passive, breach: breach, bridge: bridgeAddrs, side: "passive")

        // Active: from a client to the canaries, back in from the Internet side, a listener recording there.
        try flushNeighbours()
        let activeJSON = tmp("active.json")
        let a = try KPCensusCLI.run(["airgap", "--active", "--netns", ns("home2"), "--canary", "198.51.100.10", "--canary", "203.0.113.10",
                                   "--canary-netns", ns("inet"), "--resolver", "10.76.0.53", "--proxy", "10.76.1.10:\(Topology.proxyPort)",
                                   "--inside-target", "10.76.1.10", "--inside", "10.0.0.0/8", "--json", activeJSON, "-q"])
        XCTAssertEqual(a.status, 0, a.stderr)
        let active = try AirgapResult.decode(try Data(contentsOf: URL(fileURLWithPath: activeJSON)))
        check(active, breach: breach, bridge: bridgeAddrs, side: "active")
        XCTAssertEqual(active.coverage.active?.canaryListening, true)
        XCTAssertEqual(active.coverage.active?.canaryDropped, 0, "the canary listener lost packets")
        XCTAssertGreaterThan(active.coverage.active?.probes ?? 0, 40)
        if let rec = active.coverage.active?.canaryRecord { made.append(rec) }

        let down = try KPCensusCLI.run(["lab", "down", "--name", AirgapMatrixTests.lab])
        XCTAssertEqual(down.status, 0, down.stderr)
        report(breach, passive: passive, active: active, bridge: truth.breach.map { "\($0.host) (\($0.addrs.joined(separator: ", ")))" } ?? "-",
               seconds: Date().timeIntervalSince(started))
    }

    /// One row of the matrix table: row, verdicts, breach kinds found, bridge, seconds.
    func report(_ breach: String?, passive: AirgapResult, active: AirgapResult, bridge: String, seconds: Double) {
        func kinds(_ r: AirgapResult) -> String {
            let k = Set(r.findings.filter { $0.severity == .breach }.map(\.kind)).sorted()
            return k.isEmpty ? "-" : k.joined(separator: ", ")
        }
        let line = "| \(breach ?? "clean") | \(passive.verdict.rawValue) | \(active.verdict.rawValue) | \(kinds(passive)) | \(kinds(active)) | \(bridge) | \(String(format: "%.1f", seconds)) |"
        print("matrix: \(line)")
        if let path = ProcessInfo.processInfo.environment["KPCENSUS_MATRIX_TABLE"], let h = FileHandle(forWritingAtPath: path) {
            h.seekToEndOfFile()
            h.write(Data((line + "\n").utf8))
            h.closeFile()
        }
    }

    func check(_ r: AirgapResult, breach: String?, bridge: Set<String>, side: String) {
        let summary = r.findings.map { "\($0.severity.rawValue) \($0.kind) \($0.inside) \($0.outside) via \($0.bridge ?? "-")" }.joined(separator: "\n")
        guard let breach else {
            XCTAssertEqual(r.verdict, .holds, "\(side): \(r.reason)\n\(summary)")
            XCTAssertEqual(r.findings.filter { $0.severity == .breach }, [], "\(side)")
            return
        }
        XCTAssertEqual(r.verdict, .breached, "\(side) \(breach): \(r.reason)\n\(summary)")
        let ofKind = r.findings.filter { $0.kind == breach && $0.severity == .breach }
        XCTAssertFalse(ofKind.isEmpty, "\(side) \(breach): no breach finding of kind \(breach)\n\(summary)")
        XCTAssertTrue(ofKind.contains { !$0.addresses.intersection(bridge).isEmpty },
                      "\(side) \(breach): no \(breach) finding names the bridge \(bridge.sorted())\n\(summary)")
    }
}
