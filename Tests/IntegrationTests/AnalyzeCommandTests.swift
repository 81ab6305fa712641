import Foundation
import XCTest
import KPTestSupport

/// `kpcensus analyze` as a user meets it: exit codes, messages, outputs.
final class AnalyzeCommandTests: XCTestCase {
    func testSameInputSameBytes() throws {
        let a = try KPCensusCLI.run(["analyze", "Datasets/captures/http-dns.pcap", "Datasets/captures/mail-ssh.pcap", "--json", "-", "-q"])
        let b = try KPCensusCLI.run(["analyze", "Datasets/captures/http-dns.pcap", "Datasets/captures/mail-ssh.pcap", "--json", "-", "-q"])
        XCTAssertEqual(a.status, 0)
        XCTAssertGreaterThan(a.stdoutData.count, 1000)
        XCTAssertEqual(a.stdoutData, b.stdoutData)
    }

    func testInventoryHasEveryRequiredKey() throws {
        let out = try KPCensusCLI.run(["analyze", "Datasets/captures/http-dns.pcap", "--json", "-", "-q"])
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: out.stdoutData) as? [String: Any])
        XCTAssertEqual(obj["schema"] as? String, "kpcensus.inventory/1")
        for key in ["input", "hosts", "services", "flows", "dns", "http", "tls", "sites", "site_count", "users"] {
            XCTAssertNotNil(obj[key], key)
        }
        let input = try XCTUnwrap(obj["input"] as? [String: Any])
        for key in ["files", "packets", "bytes", "first", "last", "truncated_packets", "undecodable_packets"] {
            XCTAssertNotNil(input[key], "input.\(key)")
        }
        let service = try XCTUnwrap((obj["services"] as? [[String: Any]])?.first)
        XCTAssertEqual(Set(service.keys), ["addr", "port", "transport", "service", "software", "clients",
                                            "product", "version", "info", "cpe", "flows", "bytes"])
        let users = try XCTUnwrap(obj["users"] as? [String: Any])
        // The contract's keys, plus the additive reason, occasions and models (issue 6).
        XCTAssertEqual(Set(users.keys), ["client_addrs", "devices", "estimate", "ci95", "method", "reason", "occasions", "models"])
        XCTAssertEqual(Set(try XCTUnwrap(obj["site_count"] as? [String: Any]).keys),
                       ["observed", "estimate", "ci95", "method", "reason", "occasions", "models"])
        XCTAssertTrue(users["estimate"] is NSNull, "a 0.3 s capture is too short to estimate: null, with a reason")
        XCTAssertNotNil(users["reason"] as? String)
    }

    func testStandardInput() throws {
        let data = try Data(contentsOf: repoRoot.appendingPathComponent("Datasets/captures/tls-sni.pcap"))
        let piped = try KPCensusCLI.run(["analyze", "-", "--json", "-", "-q"], stdin: data)
        XCTAssertEqual(piped.status, 0, piped.stderr)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: piped.stdoutData) as? [String: Any])
        let names = (obj["tls"] as? [String: Any])?["server_names"] as? [[String: Any]]
        XCTAssertEqual(names?.compactMap { $0["name"] as? String }, ["kcna.kp", "naenara.com.kp", "rodong.rep.kp"])
    }

    func testBadInputsExitTwoNamingTheProblem() throws {
        let missing = try KPCensusCLI.run(["analyze", "Datasets/captures/nothing-here.pcap"])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.stderr.contains("Datasets/captures/nothing-here.pcap: no such file"), missing.stderr)
        let dir = try KPCensusCLI.run(["analyze", "Datasets"])
        XCTAssertEqual(dir.status, 2)
        XCTAssertTrue(dir.stderr.contains("Datasets: is a directory"), dir.stderr)
        let filter = try KPCensusCLI.run(["analyze", "Datasets/captures/http-dns.pcap", "--filter", "tcp port"])
        XCTAssertEqual(filter.status, 2)
        XCTAssertTrue(filter.stderr.contains("--filter 'tcp port'"), filter.stderr)
        let usage = try KPCensusCLI.run(["analyze"])
        XCTAssertEqual(usage.status, 2, "a usage error is exit 2, not ArgumentParser's 64")
        let unknown = try KPCensusCLI.run(["analyze", "Datasets/captures/http-dns.pcap", "--no-such-flag"])
        XCTAssertEqual(unknown.status, 2)
    }

    func testCorruptFileStillWritesWhatWasRead() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("kpbad-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = try KPCensusCLI.run(["analyze", "Datasets/captures/bad-length.pcap", "--json", tmp.path, "-q"])
        XCTAssertEqual(out.status, 2)
        XCTAssertTrue(out.stderr.contains("byte offset 1704"), out.stderr)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: tmp)) as? [String: Any])
        XCTAssertEqual((obj["input"] as? [String: Any])?["packets"] as? Int, 9)
    }

    func testDatabaseHoldsOneRunPerInvocation() throws {
        let db = FileManager.default.temporaryDirectory.appendingPathComponent("kpdb-\(UUID().uuidString).sqlite")
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db.path + s) } }
        XCTAssertEqual(try KPCensusCLI.run(["analyze", "Datasets/captures/http-dns.pcap", "--db", db.path, "-q"]).status, 0)
        XCTAssertEqual(try KPCensusCLI.run(["analyze", "Datasets/captures/vlan.pcap", "--db", db.path, "-q"]).status, 0)
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["sqlite3", db.path, "SELECT count(*), sum(complete) FROM runs; SELECT count(*) FROM sources;"]
        let pipe = Pipe()
        sqlite.standardOutput = pipe
        try sqlite.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        sqlite.waitUntilExit()
        XCTAssertEqual(text, "2|2\n2\n")
    }

    func testHelpHasAnExample() throws {
        let help = try KPCensusCLI.run(["analyze", "--help"])
        XCTAssertEqual(help.status, 0)
        XCTAssertTrue(help.stdout.contains("Example:"))
    }
}
