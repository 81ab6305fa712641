import Foundation
import XCTest
@testable import KPAirgap
import KPWire

/// `kpcensus airgap` as a user meets it: exit codes, errors, the result stored with
/// a census run and shown by the report, and the scope guard.
final class AirgapCLITests: XCTestCase {
    var files: [String] = []
    override func tearDown() { for f in files { try? FileManager.default.removeItem(atPath: f) } }

    func tmp(_ ext: String) -> String {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("kpagcli-\(UUID().uuidString).\(ext)").path
        files += [p, p + "-wal", p + "-shm"]
        return p
    }

    func leakyCapture() throws -> String {
        let p = TestPcap(); p.insideChatter()
        p.tcp("10.1.0.10", 41000, "198.51.100.10", 80, flags: 0x02)
        p.tcp("198.51.100.10", 80, "10.1.0.10", 41000, flags: 0x12)
        let path = try p.write(); files.append(path)
        return path
    }

    func testUsageErrorsAreExit2() throws {
        for args in [["airgap", "--inside", "10.0.0.0/8"],
                     ["airgap", "--active", "--canary", "198.51.100.10", "--inside", "10.0.0.0/8"],
                     ["airgap", "--pcap", "x.pcap", "--inside", "10.0.0.0/99"],
                     ["airgap", "--active", "--netns", "myhost", "--canary", "198.51.100.10", "--inside", "10.0.0.0/8"]] {
            let r = try AirgapCLI.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.isEmpty)
        }
        let bad = try AirgapCLI.run(["airgap", "--active", "--netns", "myhost", "--canary", "198.51.100.10", "--inside", "10.0.0.0/8"])
        XCTAssertTrue(bad.stderr.contains("--netns 'myhost'"), bad.stderr)
    }

    func testMissingNamespaceIsExit3() throws {
        try requireRoot()
        let r = try AirgapCLI.run(["airgap", "--active", "--netns", "kp-nosuchlab-x", "--canary", "198.51.100.10", "--inside", "10.0.0.0/8"])
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertTrue(r.stderr.contains("kp-nosuchlab-x"), r.stderr)
    }

    func testFailOnBreachAndTheReportSection() throws {
        let pcap = try leakyCapture()
        let plain = try AirgapCLI.run(["airgap", "--pcap", pcap, "--inside", "10.0.0.0/8"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stdout.hasPrefix("air gap: BREACHED"), plain.stdout)
        let db = tmp("sqlite")
        XCTAssertEqual(try AirgapCLI.run(["analyze", pcap, "--db", db, "-q"]).status, 0)
        let strict = try AirgapCLI.run(["airgap", "--pcap", pcap, "--inside", "10.0.0.0/8", "--db", db, "--fail-on-breach", "--json", "-"])
        XCTAssertEqual(strict.status, 1, strict.stderr)
        XCTAssertEqual(try AirgapResult.decode(Data(strict.stdout.utf8)).verdict, .breached)
        let md = tmp("md")
        let rep = try AirgapCLI.run(["report", "--db", db, "--format", "md", "--out", md])
        XCTAssertEqual(rep.status, 0, rep.stderr)
        let text = try String(contentsOfFile: md, encoding: .utf8)
        XCTAssertTrue(text.contains("BREACHED"), text)
        XCTAssertTrue(text.contains("outside-answered"), text)
    }

    func testScopeGuardRefusesAnythingButCanariesAndInside() throws {
        let scope = try InsideScope.parse(["10.0.0.0/8"])
        let g = ScopeGuard(canaries: [try Canary.parse("198.51.100.10:80,8000-8002")], inside: scope)
        XCTAssertNoThrow(try g.check(IPAddress("198.51.100.10")!, for: "t"))
        XCTAssertNoThrow(try g.check(IPAddress("10.76.0.53")!, for: "t"))
        XCTAssertThrowsError(try g.check(IPAddress("198.51.100.11")!, for: "t"))
        XCTAssertThrowsError(try g.check(IPAddress("8.8.8.8")!, for: "t"))
        XCTAssertThrowsError(try ScopeGuard.checkNetns("eth0", option: "--netns"))
        XCTAssertEqual(try Canary.parse("198.51.100.10:80,8000-8002").ports, [80, 8000, 8001, 8002])
        XCTAssertThrowsError(try Canary.parse("198.51.100.10:0"))
        // An active plan whose resolver lies outside is refused before anything is sent.
        let plan = ActivePlan(netns: "kp-x-y", canaries: [try Canary.parse("198.51.100.10")], canaryNetns: nil,
                              resolvers: [IPAddress("8.8.8.8")!], proxies: [], insideTargets: [], thorough: false, recordPath: "/dev/null")
        XCTAssertThrowsError(try ActiveRunner.run(plan, scope: scope)) { XCTAssertTrue("\($0)".contains("scope guard: DNS recursion test to 8.8.8.8 refused"), "\($0)") }
    }
}
