import Foundation
import KPCapture
import KPCensus
import KPPipeline
import KPSim
import XCTest
import KPTestSupport

final class SimulatorTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try makeTemporaryDirectory("kpsim") }

    func smallSpec() throws -> SimSpec {
        try SimSpec.load(path: repoRoot.appendingPathComponent("Datasets/sim/kwangmyong-small.json").path)
    }

    func testSplitMix64MatchesTheReferenceSequence() {
        // Reference outputs of splitmix64.c (Vigna) for seed 1234567.
        var r = SplitMix64(seed: 1_234_567)
        XCTAssertEqual([r.next(), r.next(), r.next()],
                       [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423])
    }
}

extension SimulatorTests {
    func simulate(seed: UInt64, duration: Double = 1800) throws -> (URL, Simulator.Result) {
        let out = dir.appendingPathComponent("sim-\(seed).pcap")
        return (out, try Simulator.run(spec: try smallSpec(), seed: seed, out: out.path, duration: duration))
    }

    func testSameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws {
        let (a, ra) = try simulate(seed: 7)
        let b = dir.appendingPathComponent("again.pcap")
        let rb = try Simulator.run(spec: try smallSpec(), seed: 7, out: b.path, duration: 1800)
        let (c, _) = try simulate(seed: 8)
        XCTAssertGreaterThan(ra.packets, 1000)
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b))
        XCTAssertEqual(try Simulator.encode(ra.truth), try Simulator.encode(rb.truth))
        XCTAssertNotEqual(try Data(contentsOf: a), try Data(contentsOf: c))
    }

    /// The census reads every simulated packet cleanly and finds what the truth says was used.
    func testCensusDecodesTheSimulationAndAgreesWithTheTruth() throws {
        let (pcap, r) = try simulate(seed: 3)
        let inv = try Analyzer(paths: [pcap.path], filter: nil).run().inventory
        XCTAssertEqual(inv.input.packets, r.packets)
        XCTAssertEqual(inv.anomalies.map(\.code), [])
        XCTAssertEqual(inv.input.undecodablePackets, 0)
        XCTAssertEqual(inv.sites.count, r.truth.sites.visited)
        XCTAssertEqual(inv.users.clientAddrs, r.truth.clientAddrs.active)
        let used = Set(r.truth.services.filter(\.used).map { "\($0.addr)/\($0.transport)/\($0.port)/\($0.service)" })
        let seen = Set(inv.services.map { "\($0.addr)/\($0.transport)/\($0.port)/\($0.service ?? "?")" })
        XCTAssertEqual(seen, used)
        XCTAssertEqual(inv.flows.tcpWithoutHandshake, 0)
    }

    func testSpecErrorsNameTheField() throws {
        let bad = dir.appendingPathComponent("bad.json")
        var text = try String(contentsOf: repoRoot.appendingPathComponent("Datasets/sim/kwangmyong-small.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"kind\": \"cafe\"", with: "\"kind\": \"bar\"")
        try text.write(to: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SimSpec.load(path: bad.path)) { e in
            XCTAssertTrue("\(e)".contains("access[1].kind"), "\(e)")
        }
        text = text.replacingOccurrences(of: "\"zipf_exponent\": 1.1,", with: "")
        try text.write(to: bad, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try SimSpec.load(path: bad.path)) { e in
            XCTAssertTrue("\(e)".contains("missing field sites.zipf_exponent"), "\(e)")
        }
    }
}
