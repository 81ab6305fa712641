import Foundation
import KPCensus
@testable import KPStore
import KPModel
import XCTest
import KPTestSupport

/// Run metadata for reports: which run is the default, and clear errors for a
/// missing database or run.
final class RunInfoTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try makeTemporaryDirectory("kpruninfo") }

    func testLatestCompleteRunSkipsAnInterruptedOne() throws {
        let store = try CensusStore(path: dir.appendingPathComponent("c.sqlite").path)
        XCTAssertThrowsError(try store.latestCompleteRun()) { XCTAssertTrue("\($0)".contains("no complete census run")) }
        let first = try store.beginRun(kind: "analyze", toolVersion: "t1", filter: nil)
        try store.completeRun(first, inventory: Inventory(), observations: [])
        let second = try store.beginRun(kind: "analyze", toolVersion: "t1", filter: nil)
        let latest = try store.latestCompleteRun()
        XCTAssertEqual(latest.id, first)
        XCTAssertTrue(latest.complete)
        XCTAssertNotNil(latest.ended)
        let open = try store.runInfo(second)
        XCTAssertFalse(open.complete)
        XCTAssertNil(open.ended)
        XCTAssertThrowsError(try store.runInfo(99)) { XCTAssertTrue("\($0)".contains("no run 99; runs there: 1, 2"), "\($0)") }
    }

    func testExistingRefusesAMissingDatabaseWithoutMakingIt() throws {
        let path = dir.appendingPathComponent("missing.sqlite").path
        XCTAssertThrowsError(try CensusStore.existing(path: path)) { XCTAssertTrue("\($0)".contains("no such census database")) }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertThrowsError(try CensusStore.existing(path: dir.path)) { XCTAssertTrue("\($0)".contains("is a directory")) }
    }
}
