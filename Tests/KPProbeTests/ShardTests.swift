import Foundation
import KPScope
import KPTestSupport
import KPWire
import XCTest
@testable import KPProbe

/// `--shard I/N --seed S`: the permutation visits every pair once, shards split it.
final class ShardTests: XCTestCase {
    func testEveryShardingCoversTheSpaceOnceWithNoOverlap() {
        for count: UInt64 in [0, 1, 2, 3, 7, 64, 97, 1000, 4096] {
            for shards: UInt64 in [1, 2, 3, 7] {
                for seed: UInt64 in [1, 42] {
                    var seen = [Bool](repeating: false, count: Int(count))
                    for s in 0..<shards {
                        for k in CyclicPermutation(count: count, seed: seed, shard: s, of: shards) {
                            XCTAssertLessThan(k, count)
                            XCTAssertFalse(seen[Int(k)], "count \(count) shards \(shards) seed \(seed): \(k) twice")
                            seen[Int(k)] = true
                        }
                    }
                    XCTAssertTrue(seen.allSatisfy { $0 }, "count \(count) shards \(shards) seed \(seed): a gap")
                }
            }
        }
    }

    func testTheSeedFixesTheOrderAndShardsAreBalanced() {
        let a = Array(CyclicPermutation(count: 1000, seed: 7)), b = Array(CyclicPermutation(count: 1000, seed: 7))
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, Array(CyclicPermutation(count: 1000, seed: 8)))
        XCTAssertNotEqual(a, Array(0..<1000), "the walk is not the plain order")
        let sizes = (0..<4).map { CyclicPermutation(count: 1000, seed: 7, shard: $0, of: 4).reduce(0) { n, _ in n + 1 } }
        XCTAssertEqual(sizes.reduce(0, +), 1000)
        XCTAssertLessThan(sizes.max()! - sizes.min()!, 25, "\(sizes)")
    }

    func testShardParsingRefusesBadValues() {
        for bad in ["0/3", "4/3", "3", "1/0", "a/b", "1/3/4", ""] {
            XCTAssertThrowsError(try ScanShard(bad, seed: 1), bad) { XCTAssertEqual(($0 as? ScanError)?.exitCode, 2) }
        }
        XCTAssertEqual(try ScanShard("2/4", seed: 9).index, 2)
    }

    /// The CLI's planned SYN probes (--dry-run sends nothing): three shards' union is the
    /// unsharded list, with no probe twice.
    func testShardsOfTheCLIScanSplitItsProbes() throws {
        let args = ["scan", "--scope", "10.76.1.0/27", "--ports", "22,25,80,443", "--probes", "syn", "--dry-run"]
        let whole = try KPCensusCLI.run(args)
        XCTAssertEqual(whole.status, 0, whole.stderr)
        var parts: [Substring] = []
        for i in 1...3 {
            let r = try KPCensusCLI.run(args + ["--shard", "\(i)/3", "--seed", "5"])
            XCTAssertEqual(r.status, 0, r.stderr)
            parts += r.stdout.split(separator: "\n")
        }
        let all = whole.stdout.split(separator: "\n")
        XCTAssertEqual(all.count, 30 * 4)
        XCTAssertEqual(Set(parts).count, parts.count, "a probe in two shards")
        XCTAssertEqual(parts.sorted(), all.sorted())
        let bad = try KPCensusCLI.run(args + ["--shard", "4/3"])
        XCTAssertEqual(bad.status, 2)
        XCTAssertTrue(bad.stderr.contains("--shard 4/3"), bad.stderr)
    }
}
