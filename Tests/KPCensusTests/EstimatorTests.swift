@testable import KPCensus
import XCTest

/// Estimators against worked examples with known answers.
final class EstimatorTests: XCTestCase {
    /// Wikipedia, "Mark and recapture" (Lincoln–Petersen and Chapman examples): 10 turtles
    /// marked, 15 caught later, 5 of them marked: Chapman N = 11 · 16 / 6 − 1 = 28.3.
    /// Seber's variance: 11 · 16 · 5 · 10 / (6² · 7) = 34.92.
    func testChapmanWorkedExample() throws {
        let e = try XCTUnwrap(Chapman.estimate(n1: 10, n2: 15, m: 5))
        XCTAssertEqual(e.estimate, 28.333, accuracy: 0.001)
        XCTAssertEqual(e.hi - e.estimate, 1.96 * 34.921.squareRoot(), accuracy: 0.01)
        XCTAssertEqual(e.lo, 20, "the interval stops at the 20 animals seen")
        XCTAssertNil(Chapman.estimate(n1: 3, n2: 2, m: 4), "more recaptures than catches is not data")
    }

    /// Edwards & Eberhardt's (1967) cottontail rabbits, 18 trapping occasions, as analysed by
    /// Chao (1987): S = 76 rabbits caught, f1 = 43 once, f2 = 16 twice; Chao's Mh estimate
    /// 76 + 43² / 32 = 133.8 (the true population was 135 penned rabbits).
    func testChaoMhOnTheCottontailRabbits() throws {
        XCTAssertEqual(try XCTUnwrap(ChaoMh.classic(observed: 76, f1: 43, f2: 16)), 133.78, accuracy: 0.01)
        let f = [0, 43, 16, 8, 6, 0, 2, 1]
        let e = try XCTUnwrap(ChaoMh.estimate(frequencies: f, occasions: 18))
        // Bias-corrected form: 76 + (17/18) · 43² / 32 = 130.6.
        XCTAssertEqual(e.estimate, 76 + 17.0 / 18 * 1849 / 32, accuracy: 1e-9)
        XCTAssertGreaterThan(e.lo, 76)
        XCTAssertLessThan(e.lo, e.estimate)
        XCTAssertGreaterThan(e.hi, 135)
    }

    /// For two occasions the independence log-linear model is Lincoln–Petersen: the unseen
    /// cell is n10 · n01 / n11 (Fienberg 1972). The turtles again: 5 · 10 / 5 = 10, N = 30.
    func testLogLinearMtReducesToLincolnPetersen() throws {
        var h = CaptureHistories(occasions: 2)
        h.cells[0b01] = 5
        h.cells[0b10] = 10
        h.cells[0b11] = 5
        let e = try XCTUnwrap(LogLinear.fit(h, model: .mt))
        XCTAssertEqual(e.estimate, 30, accuracy: 1e-6)
    }

    /// Three independent occasions with catch probabilities 0.5, 0.4, 0.3 and N = 1000:
    /// the expected cell counts follow the independence model exactly, so Mt recovers
    /// N = 1000 and prefers itself to Mth by AIC.
    func testLogLinearMtRecoversAnIndependentPopulation() throws {
        let p = [0.5, 0.4, 0.3]
        var h = CaptureHistories(occasions: 3)
        var expectedSeen = 0.0
        for m in 1 ..< 8 {
            var q = 1000.0
            for j in 0 ..< 3 { q *= m & (1 << j) != 0 ? p[j] : 1 - p[j] }
            h.cells[m] = Int(q.rounded())
            expectedSeen += q
        }
        // Rounding the cells moves the answer by well under one individual.
        let mt = try XCTUnwrap(LogLinear.fit(h, model: .mt))
        XCTAssertEqual(mt.estimate, 1000, accuracy: 1.5)
        XCTAssertLessThan(mt.lo, 1000)
        XCTAssertGreaterThan(mt.hi, 1000)
        let mth = try XCTUnwrap(LogLinear.fit(h, model: .mth))
        XCTAssertLessThan(try XCTUnwrap(mt.aic), try XCTUnwrap(mth.aic))
        XCTAssertEqual(Double(h.observed), expectedSeen, accuracy: 2)
    }

    func testWithoutRecapturesThereIsNoEstimate() {
        let h = CaptureHistories(occasions: 10, masks: [1, 2, 4, 8, 16])
        let s = ModelSelection.select(h, what: "sites")
        XCTAssertNil(s.chosen)
        XCTAssertTrue(s.reason.contains("without recaptures"), s.reason)
    }

    /// Two devices behind one address: a Windows-like global IP ID counter (no timestamps)
    /// and a 1000 Hz timestamp clock, interleaved; plus a second clock at 100 Hz.
    func testDeviceSeparationCountsClocksAndCounters() {
        var a = AddressDevices()
        var id: UInt16 = 65530
        for i in 0 ..< 40 {
            let t = Int64(i) * 7_000_000_000
            id &+= 3
            a.note(t: t, ttl: 127, ipID: id, hasTS: false, tsVal: 0, port: UInt16(1000 + i))
            a.note(t: t + 1_000_000, ttl: 63, ipID: 0, hasTS: true, tsVal: 4_294_960_000 &+ UInt32(truncatingIfNeeded: (t + 1_000_000) / 1_000_000), port: UInt16(2000 + i))
            a.note(t: t + 2_000_000, ttl: 63, ipID: 0, hasTS: true, tsVal: 12345 &+ UInt32((t + 2_000_000) / 10_000_000), port: UInt16(3000 + i))
        }
        XCTAssertEqual(a.count.devices, 3)
        XCTAssertEqual(a.count.confidence, 1)
        a.userAgents = ["a", "b", "c", "d"]
        XCTAssertEqual(a.count.devices, 3, "User-Agents are reported, not counted: one machine runs several clients")
        // Linux-style per-connection clocks: every connection its own random offset.
        var b = AddressDevices()
        for c in 0 ..< 6 {
            let offset = UInt32(c) * 700_000_000
            for k in 0 ..< 5 { b.note(t: Int64(c * 60 + k) * 1_000_000_000, ttl: 64, ipID: 0, hasTS: true, tsVal: offset + UInt32(k * 1000), port: UInt16(40000 + c)) }
        }
        XCTAssertEqual(b.count.devices, 1)
        XCTAssertEqual(b.count.confidence, 0.5)
    }

    func testServiceSpreadSharesAndHHI() {
        let s = [("10.1.0.1", "http"), ("10.1.0.2", "http"), ("10.2.0.1", "http"), ("10.3.0.1", "dns")].map {
            Inventory.Service(addr: $0.0, port: 80, transport: "tcp", service: $0.1, software: nil, clients: 1)
        }
        let spread = ServiceSpreadBuilder.spread(of: s)
        XCTAssertEqual(spread.hosts, 4)
        XCTAssertEqual(spread.subnets, 3)
        let http = spread.services.first { $0.service == "http" }!
        XCTAssertEqual(http.hosts, 3)
        XCTAssertEqual(http.hostShare, 0.75)
        XCTAssertEqual(http.subnets, 2)
        XCTAssertEqual(http.hhi, 0.5556, "(2/3)² + (1/3)²")
        XCTAssertEqual(spread.services.first { $0.service == "dns" }!.hhi, 1)
    }
}
