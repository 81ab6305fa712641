import Foundation
import KPModel
import XCTest
@testable import KPAirgap
import KPScope
import KPWire
import KPTestSupport

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
            let r = try KPCensusCLI.run(args)
            XCTAssertEqual(r.status, 2, "\(args): \(r.stderr)")
            XCTAssertFalse(r.stderr.isEmpty)
        }
        let bad = try KPCensusCLI.run(["airgap", "--active", "--netns", "myhost", "--canary", "198.51.100.10", "--inside", "10.0.0.0/8"])
        XCTAssertTrue(bad.stderr.contains("--netns 'myhost'"), bad.stderr)
    }

    func testMissingNamespaceIsExit3() throws {
        try requireRoot("the air-gap lab tests (network namespaces)")
        let r = try KPCensusCLI.run(["airgap", "--active", "--netns", "kp-nosuchlab-x", "--canary", "198.51.100.10", "--inside", "10.0.0.0/8"])
        XCTAssertEqual(r.status, 3, r.stderr)
        XCTAssertTrue(r.stderr.contains("kp-nosuchlab-x"), r.stderr)
    }

    func testFailOnBreachAndTheReportSection() throws {
        let pcap = try leakyCapture()
        let plain = try KPCensusCLI.run(["airgap", "--pcap", pcap, "--inside", "10.0.0.0/8"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        XCTAssertTrue(plain.stdout.hasPrefix("air gap: BREACHED"), plain.stdout)
        let db = tmp("sqlite")
        XCTAssertEqual(try KPCensusCLI.run(["analyze", pcap, "--db", db, "-q"]).status, 0)
        let strict = try KPCensusCLI.run(["airgap", "--pcap", pcap, "--inside", "10.0.0.0/8", "--db", db, "--fail-on-breach", "--json", "-"])
        XCTAssertEqual(strict.status, 1, strict.stderr)
        XCTAssertEqual(try AirgapResult.decode(Data(strict.stdout.utf8)).verdict, .breached)
        let md = tmp("md")
        let rep = try KPCensusCLI.run(["report", "--db", db, "--format", "md", "--out", md])
        XCTAssertEqual(rep.status, 0, rep.stderr)
        let text = try String(contentsOfFile: md, encoding: .utf8)
        XCTAssertTrue(text.contains("BREACHED"), text)
        XCTAssertTrue(text.contains("outside-answered"), text)
    }

    func testScopeGuardRefusesAnythingButCanariesAndInside() throws {
        // The active tests use the scanner's guard (KPScope.ScopeGuard): the inside prefixes and each canary.
        let scope = try InsideScope.parse(["10.0.0.0/8"])
        let g: ScopeGuard = try ActiveScope.scopeGuard(canaries: [try Canary.parse("198.51.100.10:80,8000-8002")], inside: scope)
        XCTAssertEqual(g.scopeText, "10.0.0.0/8,198.51.100.10/32")
        XCTAssertNoThrow(try ActiveScope.check(g, IPAddress("198.51.100.10")!, for: "t"))
        XCTAssertNoThrow(try ActiveScope.check(g, IPAddress("10.76.0.53")!, for: "t"))
        XCTAssertThrowsError(try ActiveScope.check(g, IPAddress("198.51.100.11")!, for: "t"))
        XCTAssertThrowsError(try ActiveScope.check(g, IPAddress("8.8.8.8")!, for: "t"))
        XCTAssertThrowsError(try ActiveScope.check(g, IPAddress("192.168.1.1")!, for: "t"))
        XCTAssertThrowsError(try ActiveScope.check(g, IPAddress("2001:db8::1")!, for: "t"))
        // Canaries: outside, and only in a lab's Internet side (198.51.100.0/24, 203.0.113.0/24).
        for bad in ["8.8.8.8", "10.76.0.53", "192.0.2.1", "2001:db8::1"] {
            XCTAssertThrowsError(try ActiveScope.scopeGuard(canaries: [try Canary.parse(bad)], inside: scope), bad) {
                XCTAssertEqual(($0 as? AirgapError)?.exitCode, 2, "\($0)")
            }
        }
        XCTAssertNoThrow(try ActiveScope.scopeGuard(canaries: [try Canary.parse("203.0.113.10")], inside: scope))
        // …and only when they are the lab's own: its Internet namespace holds an address in that prefix.
        let own: (String) throws -> [IPAddress] = { ns in ns == "kp-lab1-inet" ? [IPAddress("198.51.100.10")!] : [] }
        XCTAssertThrowsError(try ActiveScope.checkLabOwns([try Canary.parse("198.51.100.10")], netns: "kp-lab1-home2", canaryNetns: "kp-lab2-inet", ownAddresses: own))
        XCTAssertEqual(ActiveScope.lab(ofNetns: "kp-lab1-cafe1-d2"), "lab1")
        XCTAssertNil(ActiveScope.lab(ofNetns: "kp-lab1"))
        XCTAssertThrowsError(try ActiveScope.checkNetns("eth0", option: "--netns"))
        XCTAssertEqual(try Canary.parse("198.51.100.10:80,8000-8002").ports, [80, 8000, 8001, 8002])
        XCTAssertThrowsError(try Canary.parse("198.51.100.10:0"))
        // An active plan whose resolver lies outside is refused before anything is sent.
        let plan = ActivePlan(netns: "kp-x-y", canaries: [try Canary.parse("198.51.100.10")], canaryNetns: nil,
                              resolvers: [IPAddress("8.8.8.8")!], proxies: [], insideTargets: [], thorough: false, recordPath: "/dev/null")
        XCTAssertThrowsError(try ActiveRunner.run(plan, scope: scope)) { XCTAssertTrue("\($0)".contains("scope guard: DNS recursion test to 8.8.8.8 refused"), "\($0)") }
        // So is a canary outside the lab's prefixes, with the scanner's guard named.
        let far = ActivePlan(netns: "kp-x-y", canaries: [try Canary.parse("8.8.8.8")], canaryNetns: nil,
                             resolvers: [], proxies: [], insideTargets: [], thorough: false, recordPath: "/dev/null")
        XCTAssertThrowsError(try ActiveRunner.run(far, scope: scope)) { XCTAssertTrue("\($0)".contains("refused by the scope guard"), "\($0)") }
    }

    func testLabOwnCanaries() throws {
        // No lab "kpnolab" on this machine: its namespace name is fine, but nothing is its own.
        let own: (String) throws -> [IPAddress] = { _ in [] }
        XCTAssertThrowsError(try ActiveScope.checkLabOwns([try Canary.parse("198.51.100.10")], netns: "kp-kpnolab-home2", canaryNetns: nil, ownAddresses: own)) {
            XCTAssertEqual(($0 as? AirgapError)?.exitCode, 3)
            XCTAssertTrue("\($0)".contains("198.51.100.0/24 is not lab kpnolab's own"), "\($0)")
        }
    }

    func testQuietAndVerbose() throws {
        let pcap = try leakyCapture()
        let quiet = try KPCensusCLI.run(["airgap", "--pcap", pcap, "--inside", "10.0.0.0/8", "--quiet"])
        XCTAssertEqual(quiet.status, 0, quiet.stderr)
        XCTAssertEqual(quiet.stdout, "")
        XCTAssertEqual(quiet.stderr, "")
        let verbose = try KPCensusCLI.run(["airgap", "--pcap", pcap, "--inside", "10.0.0.0/8", "-v"])
        XCTAssertEqual(verbose.status, 0, verbose.stderr)
        XCTAssertTrue(verbose.stdout.hasPrefix("air gap: BREACHED"), verbose.stdout)
        XCTAssertTrue(verbose.stderr.contains("kpcensus: read \(pcap) (inside): 26 packets, complete"), verbose.stderr)
        let plain = try KPCensusCLI.run(["airgap", "--pcap", pcap, "--inside", "10.0.0.0/8"])
        XCTAssertEqual(plain.stderr, "")
        let both = try KPCensusCLI.run(["airgap", "--pcap", pcap, "--inside", "10.0.0.0/8", "-q", "-v"])
        XCTAssertEqual(both.status, 2)
    }
}
