import Foundation
import KPTestSupport
import XCTest

/// `--targets-file`: lines outside the scope are named and skipped, the rest scanned
/// (here planned: --dry-run sends nothing), exit 2 unless --skip-out-of-scope.
final class HitListTests: XCTestCase {
    func testOutOfScopeLinesAreNamedSkippedAndFailTheRunAtItsEnd() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kp-hitlist-\(getpid()).txt")
        try "10.76.1.5\n# a comment\n10.76.2.9  # beyond\nbogus\n10.76.1.7\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let args = ["scan", "--scope", "10.76.1.0/24", "--targets-file", file.path, "--ports", "22", "--probes", "syn", "--dry-run"]
        let r = try KPCensusCLI.run(args)
        XCTAssertEqual(r.status, 2, r.stderr)
        XCTAssertEqual(r.stdout.split(separator: "\n").count, 2, r.stdout)
        XCTAssertTrue(r.stdout.contains("\"10.76.1.5\"") && r.stdout.contains("\"10.76.1.7\""), r.stdout)
        XCTAssertTrue(r.stderr.contains("\(file.path):3: 10.76.2.9 is outside the scope 10.76.1.0/24: skipped"), r.stderr)
        XCTAssertTrue(r.stderr.contains("\(file.path):4: 'bogus' is not an IPv4 address: skipped"), r.stderr)
        XCTAssertTrue(r.stderr.contains("2 line(s) outside the scope"), r.stderr)
        let accepted = try KPCensusCLI.run(args + ["--skip-out-of-scope"])
        XCTAssertEqual(accepted.status, 0, accepted.stderr)
        XCTAssertEqual(accepted.stdout, r.stdout)
    }

    func testAHitListWithNothingInScopeSendsNothing() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kp-hitlist-out-\(getpid()).txt")
        try "10.99.0.1\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let r = try KPCensusCLI.run(["scan", "--scope", "10.76.1.0/24", "--targets-file", file.path, "--dry-run"])
        XCTAssertEqual(r.status, 2)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("no address inside the scope"), r.stderr)
    }
}
