import KPModel
import XCTest
@testable import KPAirgap

/// The verdict from active coverage alone: a listener that recorded every packet can
/// support HOLDS; one that lost packets, or none at all, leaves it INCONCLUSIVE.
final class VerdictLogicTests: XCTestCase {
    func coverage(listening: Bool, dropped: Int?) -> ActiveCoverage {
        ActiveCoverage(netns: "kp-t-home2", from: ["10.77.0.101"], canaries: ["198.51.100.10"],
                       tests: [.init(test: "icmp", target: "198.51.100.10", probes: 3, answered: false, detail: "no reply")],
                       probes: 3, canaryListening: listening, canaryRecord: listening ? "/tmp/r.pcap" : nil, canaryReceived: 0, canaryDropped: dropped)
    }

    func testCompleteRecordHolds() {
        let (v, reason) = VerdictLogic.decide(findings: [], passive: nil, active: coverage(listening: true, dropped: 0))
        XCTAssertEqual(v, .holds, reason)
    }

    func testRecordWithDropsIsInconclusive() {
        let (v, reason) = VerdictLogic.decide(findings: [], passive: nil, active: coverage(listening: true, dropped: 4))
        XCTAssertEqual(v, .inconclusive)
        XCTAssertTrue(reason.contains("lost 4 packets"), reason)
    }

    func testNoListenerIsInconclusive() {
        let (v, reason) = VerdictLogic.decide(findings: [], passive: nil, active: coverage(listening: false, dropped: nil))
        XCTAssertEqual(v, .inconclusive)
        XCTAssertTrue(reason.contains("no canary listener"), reason)
    }

    func testDropsDoNotHideABreach() {
        let f = Finding(kind: "forwarding", severity: .breach, first: nil, last: nil, count: 1, inside: ["10.77.0.101"], outside: ["198.51.100.10"],
                        bridge: nil, evidence: [], explanation: "crossed")
        XCTAssertEqual(VerdictLogic.decide(findings: [f], passive: nil, active: coverage(listening: true, dropped: 4)).0, .breached)
    }

    func testDropsAreInTheJSON() throws {
        let data = try JSONEncoder().encode(coverage(listening: true, dropped: 4))
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\"canary_dropped\":4"))
        XCTAssertEqual(try JSONDecoder().decode(ActiveCoverage.self, from: data).canaryDropped, 4)
    }
}
