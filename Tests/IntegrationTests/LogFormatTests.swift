import Foundation
import XCTest
import KPTestSupport

/// `--log-format json`: every line on standard error is one JSON object, warnings
/// and the error that ends a run alike; text stays what a person reads.
final class LogFormatTests: XCTestCase {
    func objects(_ stderr: String) throws -> [[String: Any]] {
        try stderr.split(separator: "\n").map { line in
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not one JSON object: \(line)")
        }
    }

    func testWarningsAndErrorsAreJSONLines() throws {
        let cut = try KPCensusCLI.run(["analyze", "Datasets/captures/cut-record.pcap", "--log-format", "json", "--json", "/dev/null"])
        XCTAssertEqual(cut.status, 0, cut.stderr)
        let warnings = try objects(cut.stderr)
        XCTAssertEqual(warnings.count, 1, cut.stderr)
        XCTAssertEqual(warnings.first?["level"] as? String, "warning")
        XCTAssertTrue((warnings.first?["message"] as? String)?.contains("byte offset 2002") ?? false, cut.stderr)
        XCTAssertNotNil(ISO8601DateFormatter().date(from: ((warnings.first?["ts"] as? String) ?? "").replacingOccurrences(of: #"\.\d+"#, with: "", options: .regularExpression)))

        let missing = try KPCensusCLI.run(["analyze", "/nonexistent/x.pcap", "--log-format", "json"])
        XCTAssertEqual(missing.status, 2)
        let error = try XCTUnwrap(try objects(missing.stderr).first)
        XCTAssertEqual(error["level"] as? String, "error")
        XCTAssertEqual(error["exit_code"] as? Int, 2)
        XCTAssertTrue((error["message"] as? String)?.contains("/nonexistent/x.pcap: no such file") ?? false, missing.stderr)
    }

    func testTextStaysPlain() throws {
        let r = try KPCensusCLI.run(["analyze", "/nonexistent/x.pcap"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.hasPrefix("kpcensus: /nonexistent/x.pcap: no such file"), r.stderr)
    }
}
