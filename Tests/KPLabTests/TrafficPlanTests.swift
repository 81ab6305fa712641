import KPModel
import XCTest
@testable import KPLab

/// The seeded client traffic: reproducible, and covering every site and service each cycle.
final class TrafficPlanTests: XCTestCase {
    func testSameSeedSamePlanOtherSeedOtherPlan() throws {
        var spec = try shippedSpec("small")
        let t = try Topology(spec: spec, lab: "tp")
        let a = TrafficPlan(spec: spec, topology: t, breach: nil)
        XCTAssertEqual(a, TrafficPlan(spec: spec, topology: t, breach: nil))
        spec.seed += 1
        XCTAssertNotEqual(a, TrafficPlan(spec: spec, topology: t, breach: nil))
    }

    func testEverySiteAndServiceIsUsedEveryCycle() throws {
        let spec = try shippedSpec("small")
        let t = try Topology(spec: spec, lab: "tp")
        let plan = TrafficPlan(spec: spec, topology: t, breach: nil)
        let actions = plan.devices.values.flatMap { $0.map(\.action) }
        let truth = LabTruth(topology: t, spec: spec, versions: SoftwareVersions(nginx: "n", openssh: "o"), breach: nil)
        for s in truth.sites {
            XCTAssertTrue(actions.contains { if case let .visit(site, tls, _) = $0 { return site == s.name && tls == s.tls } else { return false } }, s.name)
        }
        for s in truth.services {
            let used = actions.contains { a in
                switch (s.service, s.transport, a) {
                case ("dns", "udp", let .dnsQuery(_, server, tcp)): return server == s.addr && !tcp
                case ("dns", "tcp", let .dnsQuery(_, server, tcp)): return server == s.addr && tcp
                case ("dns", "tcp", let .axfr(server)): return server == s.addr
                case ("smtp", _, let .smtp(server)), ("pop3", _, let .pop3(server)), ("imap", _, let .imap(server)): return server == s.addr
                case ("ssh", _, let .sshScan(addr)): return addr == s.addr
                case ("http", _, let .visit(site, false, _)), ("tls", _, let .visit(site, true, _)):
                    return truth.sites.contains { $0.name == site && $0.addr == s.addr }
                default: return false
                }
            }
            XCTAssertTrue(used, "\(s)")
        }
        // The sleeps leave room for the actions inside the cycle; every device does something.
        for (dev, steps) in plan.devices {
            XCTAssertFalse(steps.isEmpty, dev)
            XCTAssertLessThan(steps.reduce(0) { $0 + $1.sleep }, Double(plan.cycleSeconds) * 0.9, dev)
        }
        XCTAssertFalse(actions.contains { if case .canary = $0 { return true } else { return false } })
    }

    func testPopularSitesGetMoreVisits() throws {
        var spec = try shippedSpec("small")
        spec.traffic = LabSpec.Traffic(cycleSeconds: 60, extraVisits: 60)
        let plan = TrafficPlan(spec: spec, topology: try Topology(spec: spec, lab: "tp"), breach: nil)
        var visits: [String: Int] = [:]
        for s in plan.devices.values.flatMap({ $0 }) { if case let .visit(site, _, _) = s.action { visits[site, default: 0] += 1 } }
        let counts = visits.values.sorted(by: >)
        // A Zipf skew: the top site gets several times the median site's visits.
        XCTAssertGreaterThan(counts[0], 4 * counts[counts.count / 2])
    }

    func testScriptRunsTheActionsInALoop() throws {
        let spec = try shippedSpec("small")
        let plan = TrafficPlan(spec: spec, topology: try Topology(spec: spec, lab: "tp"), breach: nil)
        let dev = plan.devices.keys.sorted()[0]
        let script = plan.script(device: dev, spec: spec, ca: "/tmp/ca.crt")
        XCTAssertTrue(script.hasPrefix("#!/bin/sh\n"))
        XCTAssertTrue(script.contains("while :; do"))
        XCTAssertEqual(script.components(separatedBy: ">/dev/null 2>&1").count - 1, plan.devices[dev]!.count)
    }
}
