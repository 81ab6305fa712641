@testable import KPReport
import XCTest

/// The progress bar line: fill, percentage, rate and ETA from bytes read.
final class ProgressLineTests: XCTestCase {
    func testHalfwayAtTenMegabytesPerSecond() {
        let line = ProgressLine.render(packets: 65536, bytesRead: 50_000_000, bytesTotal: 100_000_000, elapsed: 5, barWidth: 10)
        XCTAssertEqual(line, "[#####-----]  50%  65536 packets  10.0 MB/s  ETA 0:05")
    }

    func testLongETAHasHours() {
        let line = ProgressLine.render(packets: 1, bytesRead: 1_000_000, bytesTotal: 10_000_000_000, elapsed: 1, barWidth: 4)
        XCTAssertEqual(line, "[----]   0%  1 packets  1.0 MB/s  ETA 2:46:39")
    }

    func testWithoutTotalShowsPacketsAndRate() {
        XCTAssertEqual(ProgressLine.render(packets: 131072, bytesRead: 0, bytesTotal: nil, elapsed: 2), "131072 packets  0.0 MB/s")
    }
}
