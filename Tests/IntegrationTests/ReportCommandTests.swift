import Foundation
import XCTest
import KPTestSupport

/// `kpcensus report` and `kpcensus diff` through the built binary: every format,
/// the default run, and the errors for a missing database or run.
final class ReportCommandTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try makeTemporaryDirectory("kpreport") }

    /// A database with run 1 = tls-sni.pcap, run 2 = http-dns.pcap.
    func database() throws -> String {
        let db = dir.appendingPathComponent("c.sqlite").path
        XCTAssertEqual(try KPCensusCLI.run(["analyze", "-q", "Datasets/captures/tls-sni.pcap", "--db", db]).status, 0)
        XCTAssertEqual(try KPCensusCLI.run(["analyze", "-q", "Datasets/captures/http-dns.pcap", "--db", db]).status, 0)
        return db
    }

    func testEveryFormatOfTheLatestRun() throws {
        let db = try database()
        for format in ["md", "html", "json"] {
            let out = dir.appendingPathComponent("r.\(format)").path
            let r = try KPCensusCLI.run(["report", "--db", db, "--format", format, "--out", out])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertGreaterThan(try Data(contentsOf: URL(fileURLWithPath: out)).count, 1000, format)
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("r.json"))) as! [String: Any]
        XCTAssertEqual(json["schema"] as? String, "kpcensus.report/1")
        XCTAssertEqual((json["run"] as? [String: Any])?["id"] as? Int, 2)
        // http-dns.pcap has six sites; tls-sni.pcap (run 1) has three.
        XCTAssertEqual(((json["sites"] as? [String: Any])?["list"] as? [Any])?.count, 6)
        let csv = dir.appendingPathComponent("csv")
        XCTAssertEqual(try KPCensusCLI.run(["report", "--db", db, "--run", "1", "--format", "csv", "--out", csv.path]).status, 0)
        let sites = try String(contentsOf: csv.appendingPathComponent("sites.csv"), encoding: .utf8)
        XCTAssertEqual(sites.split(separator: "\n").count, 1 + 3)
        XCTAssertTrue(sites.hasPrefix("name,category,addresses,seen by\n"))
    }

    func testStandardOutput() throws {
        let db = try database()
        let r = try KPCensusCLI.run(["report", "--db", db, "--format", "md", "--out", "-"])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.hasPrefix("# kpcensus report — run 2\n"))
    }

    func testMissingDatabaseRunOrBadFormatExitTwo() throws {
        let missing = dir.appendingPathComponent("nope.sqlite").path
        var r = try KPCensusCLI.run(["report", "--db", missing, "--format", "md", "--out", "-"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("\(missing): no such census database"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: missing))
        let db = try database()
        r = try KPCensusCLI.run(["report", "--db", db, "--run", "7", "--format", "md", "--out", "-"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("no run 7; runs there: 1, 2"), r.stderr)
        r = try KPCensusCLI.run(["report", "--db", db, "--format", "pdf", "--out", "-"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--format pdf: give one of md, html, json, csv"), r.stderr)
        r = try KPCensusCLI.run(["report", "--db", db, "--format", "csv", "--out", "-"])
        XCTAssertEqual(r.status, 2)
    }

    func testDiffOfTwoRunsAndTwoDatabases() throws {
        let db = try database()
        var r = try KPCensusCLI.run(["diff", "--db", db, "--run", "1", "--run", "2"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let text = r.stdout
        XCTAssertTrue(text.contains("sites: +3 -0 (3 in both)"), text)
        XCTAssertTrue(text.contains("  + portal.net.kp\n"), text)
        XCTAssertTrue(text.contains("  - 10.2.0.80 443/tcp tls\n"), text)
        r = try KPCensusCLI.run(["diff", "--db", db, "--run", "1", "--run", "2", "--json"])
        let json = try JSONSerialization.jsonObject(with: r.stdoutData) as! [String: Any]
        XCTAssertEqual(json["schema"] as? String, "kpcensus.diff/1")
        let other = dir.appendingPathComponent("d.sqlite").path
        XCTAssertEqual(try KPCensusCLI.run(["analyze", "-q", "Datasets/captures/http-dns.pcap", "--db", other]).status, 0)
        r = try KPCensusCLI.run(["diff", db, other])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("sites: +0 -0 (6 in both)"))
        r = try KPCensusCLI.run(["diff", "--db", db, "--run", "1"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("needs two --run"), r.stderr)
    }

    func testHelpHasAnExample() throws {
        for verb in ["report", "diff"] {
            let r = try KPCensusCLI.run([verb, "--help"])
            XCTAssertTrue(r.stdout.contains("Example"), verb)
        }
    }
}
