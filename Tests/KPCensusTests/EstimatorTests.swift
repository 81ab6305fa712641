@testable import KPCensus
import KPModel
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

    /// The cottontail rabbits again (K = 18, S = 76; f1..f7 = 43, 16, 8, 6, 0, 2, 1).
    /// Burnham & Overton's (1979) jackknives: J1 = 76 + 17/18 · 43 = 116.61;
    /// J2 = 76 + 33/18 · 43 − 16²/(18 · 17) · 16 = 141.45 (true population 135).
    /// Chiu et al.'s (2014) improved lower bound adds 15/72 · 8/6 · (43 − 15/34 · 16 · 8/6)
    /// = 9.330 to the bias-corrected Chao2 of 130.57: iChao2 = 139.90.
    func testJackknifeAndImprovedChaoOnTheCottontailRabbits() throws {
        let s = IncidenceSummary(occasions: 18, f: [0, 43, 16, 8, 6, 0, 2, 1], n: [])
        XCTAssertEqual(s.observed, 76)
        XCTAssertEqual(try XCTUnwrap(Heterogeneity.jackknife(s, order: 1)), 116.611, accuracy: 0.001)
        XCTAssertEqual(try XCTUnwrap(Heterogeneity.jackknife(s, order: 2)), 141.448, accuracy: 0.001)
        XCTAssertEqual(try XCTUnwrap(Heterogeneity.chao2(s)), 130.571, accuracy: 0.001)
        XCTAssertEqual(try XCTUnwrap(Heterogeneity.iChao2(s)), 139.901, accuracy: 0.001)
    }

    /// Sample coverage (Chao, Lee & Jeng 1992; Lee & Chao 1994), worked by hand on five
    /// individuals over three occasions with histories 100, 100, 010, 110, 111:
    /// S = 5, f = (f1, f2, f3) = (3, 1, 1), Σ k f_k = 8, so Ĉ = 1 − 3/8 = 5/8;
    /// n = (4, 3, 1), Σ_{j≠l} n_j n_l = 8² − 26 = 38; Σ k(k−1) f_k = 2 + 6 = 8;
    /// γ̂² = 5/(5/8) · 8/38 − 1 = 13/19, N1 = 8 + 3 · 8/5 · 13/19 = 11.284;
    /// γ̃² = 13/19 · (1 + 3 · 8/5 · 8/38) = 13/19 · 191/95, N2 = 8 + 24/5 · 2483/1805 = 14.603.
    func testSampleCoverageWorkedExample() throws {
        let h = CaptureHistories(occasions: 3, masks: [0b001, 0b001, 0b010, 0b011, 0b111])
        let s = IncidenceSummary(h)
        XCTAssertEqual(s.f, [0, 3, 1, 1])
        XCTAssertEqual(s.n, [4, 3, 1])
        XCTAssertEqual(try XCTUnwrap(Heterogeneity.sampleCoverage(s, corrected: false)), 8 + 24.0 / 5 * 13 / 19, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(Heterogeneity.sampleCoverage(s, corrected: true)), 8 + 24.0 / 5 * 2483 / 1805, accuracy: 1e-9)
        // Without heterogeneity (everyone seen on every occasion) γ̂² = 0 and N = S.
        let all = IncidenceSummary(CaptureHistories(occasions: 3, masks: [7, 7, 7]))
        XCTAssertNil(Heterogeneity.sampleCoverage(IncidenceSummary(occasions: 3, f: [0, 2, 0, 0], n: [1, 1, 0]), corrected: false),
                     "only singletons: the coverage is zero")
        XCTAssertEqual(try XCTUnwrap(Heterogeneity.sampleCoverage(all, corrected: true)), 3, accuracy: 1e-9)
    }

    /// The average: equal weights, an interval that holds every member's spread, the same
    /// bytes on every run (the bootstrap has a fixed seed).
    func testHeterogeneityAverageIsDeterministicAndCarriesTheSpread() throws {
        var masks: [Int] = []
        var x: UInt64 = 7
        for i in 0 ..< 600 {
            // Uneven catchability: individual i is caught on each of 10 occasions with p = 0.05 + 0.5 · (i mod 7)/6.
            let p = 0.05 + 0.5 * Double(i % 7) / 6
            var m = 0
            for j in 0 ..< 10 {
                x = x &* 6364136223846793005 &+ 1442695040888963407
                if Double(x >> 11) / Double(1 << 53) < p { m |= 1 << j }
            }
            masks.append(m)
        }
        let h = CaptureHistories(occasions: 10, masks: masks)
        let a = try XCTUnwrap(Heterogeneity.estimate(h))
        let b = try XCTUnwrap(Heterogeneity.estimate(h))
        XCTAssertEqual(a.average, b.average)
        XCTAssertEqual(a.members.map(\.method), ["chao-Mh", "ichao2", "jackknife-1", "jackknife-2", "coverage-Mth", "coverage-Mth1"])
        let mean = a.members.map(\.estimate).reduce(0, +) / 6
        XCTAssertEqual(a.average.estimate, mean, accuracy: 1e-9)
        for m in a.members { XCTAssertTrue(a.average.lo <= m.estimate && m.estimate <= a.average.hi, "\(m.method) \(m.estimate) outside \(a.average)") }
        XCTAssertGreaterThanOrEqual(a.average.lo, Double(h.observed))
        XCTAssertTrue(a.average.lo <= 600 && 600 <= a.average.hi, "\(a.average)")
        // Two occasions (the turtles): no second-order jackknife, the other five are averaged.
        var two = CaptureHistories(occasions: 2)
        two.cells[0b01] = 5
        two.cells[0b10] = 10
        two.cells[0b11] = 5
        let t = try XCTUnwrap(Heterogeneity.estimate(two))
        XCTAssertEqual(t.members.map(\.method), ["chao-Mh", "ichao2", "jackknife-1", "coverage-Mth", "coverage-Mth1"])
        XCTAssertEqual(t.members[1].estimate, t.members[0].estimate, "no f3, f4: iChao2 is Chao2")
        XCTAssertEqual(t.members[0].estimate, 20 + 0.5 * 225 / 10, accuracy: 1e-9)
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
