import Foundation
import KPScope
import KPTestSupport
import KPWire
import XCTest
@testable import KPProbe

/// `scan --resume FILE`: which scans count as the same, and what the file refuses.
final class ResumeTests: XCTestCase {
    func options(ports: [UInt16] = [22, 80], probes: Set<ProbeName> = [.syn], rate: Double = 100) throws -> ScanOptions {
        let scope = try ScopeGuard(scope: ["10.76.1.0/30"])
        return ScanOptions(scope: scope, targets: try scope.targets([]), ports: ports, probes: probes, rate: rate, retries: 1,
                           wordlist: [], zones: ["kp"], requireRaw: false)
    }

    func testTheSameScanAtAnotherRateIsTheSameScan() throws {
        let a = ScanIdentity(try options()), b = ScanIdentity(try options(rate: 50_000))
        XCTAssertEqual(b.differences(from: a), [])
        let c = ScanIdentity(try options(ports: [22, 80, 443], probes: [.syn, .banner]))
        XCTAssertEqual(c.differences(from: a), ["--ports: was 22,80, now 22,80,443", "--probes: was syn, now banner,syn"])
    }

    func testPortsTextReadsBack() throws {
        for ports in [[22, 80], Array(1 ... 1024) + [8080], [1, 3, 4, 5, 65535], Ports.top100, Array(1 ... 65535)] as [[UInt16]] {
            XCTAssertEqual(try Ports.parse(Ports.text(ports)), ports.sorted())
        }
        XCTAssertEqual(Ports.text([80, 22, 23, 24, 443]), "22-24,80,443")
    }

    func testFileIsStartedThenResumedAndRefusedForAnotherScan() throws {
        let dir = try makeTemporaryDirectory("kpresume")
        let path = dir.appendingPathComponent("scan.resume").path
        let first = try ScanResume(path: path, options: try options())
        XCTAssertFalse(first.resumed)
        try first.record { $0.ports.next = 17; $0.ports.answers = [.init(addr: "10.76.1.1", port: 22, state: "open", ttl: 64)] }
        let again = try ScanResume(path: path, options: try options(rate: 9000))
        XCTAssertTrue(again.resumed)
        XCTAssertEqual(again.state.ports.next, 17)
        XCTAssertEqual(again.portAnswers[ProbeTarget(addr: IPAddress("10.76.1.1")!, port: 22)], PortReply(state: .open, ttl: 64))
        XCTAssertThrowsError(try ScanResume(path: path, options: try options(ports: [22]))) { e in
            XCTAssertTrue("\(e)".contains("holds another scan (--ports: was 22,80, now 22)"), "\(e)")
            XCTAssertEqual((e as? ScanError)?.exitCode, 2)
        }
        // Refused: the file is unchanged.
        XCTAssertEqual(try ScanResume(path: path, options: try options()).state.ports.next, 17)
    }

    func testNotAResumeFileAndUnwritablePathAreClearErrors() throws {
        let dir = try makeTemporaryDirectory("kpresume")
        let junk = dir.appendingPathComponent("junk").path
        try "{\"schema\": \"something/1\"}".write(toFile: junk, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ScanResume(path: junk, options: try options())) { e in
            XCTAssertTrue("\(e)".contains("not a kpcensus scan resume file"), "\(e)")
        }
        XCTAssertThrowsError(try ScanResume(path: dir.appendingPathComponent("no/such/dir/x").path, options: try options())) { e in
            XCTAssertTrue("\(e)".contains("cannot write the resume file"), "\(e)")
        }
    }

    /// Over loopback (the only place a scan may go outside a lab): a resume file of
    /// another scan stops the run before any packet, with exit 2 naming the option.
    func testCLIRefusesAResumeFileOfAnotherScan() throws {
        let dir = try makeTemporaryDirectory("kpresume")
        let path = dir.appendingPathComponent("lo.resume").path
        let base = ["scan", "--scope", "127.0.0.1/32", "--probes", "connect", "--rate", "2000", "--resume", path, "--json", "-"]
        let r = try KPCensusCLI.run(base + ["--ports", "1-40"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let saved = try JSONDecoder().decode(ScanResumeState.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertTrue(saved.complete && saved.ports.done)
        XCTAssertEqual(saved.ports.scan, "connect")
        let other = try KPCensusCLI.run(base + ["--ports", "1-50"])
        XCTAssertEqual(other.status, 2, other.stderr)
        XCTAssertTrue(other.stderr.contains("--ports: was 1-40, now 1-50"), other.stderr)
        XCTAssertEqual(other.stdout, "", "nothing was scanned")
    }
}
