import Foundation
import XCTest
import KPTestSupport

/// The regression captures of Datasets/captures/manifest.tsv against their expected
/// outputs in Datasets/golden (made by `make golden`, checked by hand): the exact
/// JSON bytes, the exit status, and what was printed on standard error.
final class GoldenTests: XCTestCase {
    struct Case {
        var name: String
        var files: [String]
        var filter: String?
        var exit: Int32
    }

    func cases() throws -> [Case] {
        let text = try String(contentsOf: repoRoot.appendingPathComponent("Datasets/captures/manifest.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(name: f[0], files: f[1].split(separator: ",").map { "Datasets/captures/\($0)" },
                        filter: f[2] == "-" ? nil : f[2], exit: Int32(f[3])!)
        }
    }

    func testManifestCoversTheIssueCases() throws {
        let names = Set(try cases().map(\.name))
        for needed in ["http-dns", "tls-sni", "mail-ssh", "vlan", "ipv6-ext", "two-interfaces", "snaplen", "cut-record"] {
            XCTAssertTrue(names.contains(needed), needed)
        }
    }

    func testEveryCaseMatchesItsGoldenOutput() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("kpgolden-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let golden = repoRoot.appendingPathComponent("Datasets/golden")
        for c in try cases() {
            let json = tmp.appendingPathComponent("\(c.name).json")
            var args = ["analyze"] + c.files + ["--json", json.path]
            if let filter = c.filter { args += ["--filter", filter] }
            let out = try KPCensusCLI.run(args)
            XCTAssertEqual(out.status, c.exit, "\(c.name): \(out.stderr)")
            let expectedJSON = golden.appendingPathComponent("\(c.name).json")
            if FileManager.default.fileExists(atPath: expectedJSON.path) {
                XCTAssertEqual(try String(contentsOf: json, encoding: .utf8), try String(contentsOf: expectedJSON, encoding: .utf8),
                               "\(c.name): inventory differs from Datasets/golden (run `make golden` and check the diff)")
            } else {
                XCTAssertFalse(FileManager.default.fileExists(atPath: json.path), "\(c.name): no JSON expected")
            }
            let expectedErr = golden.appendingPathComponent("\(c.name).stderr")
            let err = (try? String(contentsOf: expectedErr, encoding: .utf8)) ?? ""
            XCTAssertEqual(out.stderr, err, "\(c.name): standard error differs")
        }
    }
}
