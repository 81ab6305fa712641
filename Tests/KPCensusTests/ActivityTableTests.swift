@testable import KPCensus
import KPModel
import XCTest

/// The activity time series: bucket width choice, exact merging when the capture
/// outgrows 1000 buckets, independence from packet order.
final class ActivityTableTests: XCTestCase {
    static let base: Int64 = 1_795_000_000_000_000_000  // a 2026 time in ns

    func table(_ times: [Int64]) -> Inventory.Activity {
        var t = ActivityTable()
        for ts in times { t.add(ts, bytes: 100) }
        return t.inventory()
    }

    func testShortCaptureKeepsMillisecondBuckets() {
        let a = table([Self.base, Self.base + 400_000, Self.base + 2_500_000])
        XCTAssertEqual(a.bucketMS, 1)
        XCTAssertEqual(a.buckets.map(\.packets), [2, 1])
        XCTAssertEqual(a.buckets.map(\.bytes), [200, 100])
    }

    func testLongCaptureCoarsensToTheSmallestWidthThatFits() {
        // 30 minutes: 1800 one-second buckets are too many, 180 ten-second ones fit.
        let times = stride(from: Int64(0), to: 1_800, by: 7).map { Self.base + $0 * 1_000_000_000 }
        let a = table(times)
        XCTAssertEqual(a.bucketMS, 10_000)
        XCTAssertEqual(a.buckets.reduce(0) { $0 + $1.packets }, times.count)
        XCTAssertEqual(a.buckets.reduce(0) { $0 + $1.bytes }, times.count * 100)
        XCTAssertLessThanOrEqual(a.buckets.count, 1000)
    }

    func testOrderOfPacketsDoesNotMatter() {
        // A fixed linear congruential sequence over 15 minutes: same times every run.
        var x: UInt64 = 42
        let times = (0 ..< 2_000).map { _ -> Int64 in
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Self.base + Int64(x >> 24) % 900_000_000_000
        }
        XCTAssertEqual(table(times), table(times.sorted()))
        XCTAssertEqual(table(times), table(times.reversed()))
    }
}
