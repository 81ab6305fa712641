import Foundation
import KPModel
import XCTest
import KPLab
import KPTestSupport

/// The recorded small lab (Datasets/lab-recorded): `analyze` finds everything its
/// truth lists, offline and deterministically.
final class RecordedLabTests: XCTestCase {
    func testAnalyzeOfRecordedLabFindsTheTruth() throws {
        let truth = try LabTruth.decode(try Data(contentsOf: repoRoot.appendingPathComponent("Datasets/lab-recorded/small-truth.json")))
        let a = try KPCensusCLI.run(["analyze", "Datasets/lab-recorded/small.pcap", "--json", "-", "-q"])
        XCTAssertEqual(a.status, 0, a.stderr)
        XCTAssertEqual(try missedTruth(inventory: Data(a.stdout.utf8), truth: truth), [])
        let b = try KPCensusCLI.run(["analyze", "Datasets/lab-recorded/small.pcap", "--json", "-", "-q"])
        XCTAssertEqual(a.stdout, b.stdout)
        // Café devices share their NAT address: the census sees fewer client addresses than devices.
        XCTAssertLessThan(truth.clients.count, truth.clients.reduce(0) { $0 + $1.devices })
    }
}
