import KPModel
import KPWire
import XCTest
@testable import KPLab

/// The resolved lab: names, addresses, NAT, capture points, and the truth built from it.
final class TopologyTests: XCTestCase {
    let versions = SoftwareVersions(nginx: "nginx/1.0", openssh: "OpenSSH_9.0")

    func testNamespacesAndAddressesFollowTheConventions() throws {
        let t = try Topology(spec: try shippedSpec("small"), lab: "t1")
        XCTAssertEqual(Set(t.hosts.map(\.name)).count, t.hosts.count)
        XCTAssertTrue(t.hosts.allSatisfy { t.netns($0.name).hasPrefix("kp-t1-") })
        let all = t.hosts.flatMap(\.addrs).compactMap(IPAddress.init(ipv4:))
        XCTAssertEqual(all.count, t.hosts.flatMap(\.addrs).count)
        let outside = Topology.outside.compactMap(IPPrefix.init(network:))
        let cafeLAN = IPPrefix(network: "192.168.0.0/16")!
        for a in all {
            XCTAssertTrue(Topology.intranet.contains(a) || outside.contains { $0.contains(a) } || cafeLAN.contains(a), "\(a)")
        }
        // Only the internet and border hosts own Internet-side addresses.
        for h in t.hosts where h.addrs.contains(where: { a in outside.contains { $0.contains(IPAddress(ipv4: a)!) } }) {
            XCTAssertTrue(["inet", "border"].contains(h.name), h.name)
        }
        // Interface names fit the kernel's 15 characters.
        for l in t.links { XCTAssertLessThanOrEqual(max(l.aIf.count, l.bIf.count), 15) }
        XCTAssertFalse(t.host("border")!.forwards)
    }

    func testCafeDevicesShareOneNATAddress() throws {
        let spec = try shippedSpec("small")
        let t = try Topology(spec: spec, lab: "t2")
        let truth = LabTruth(topology: t, spec: spec, versions: versions, breach: nil)
        let cafes = truth.clients.filter { $0.kind == "cafe" }
        XCTAssertEqual(cafes.count, 2)
        XCTAssertEqual(cafes.map(\.devices), [3, 3])
        for c in cafes {
            let router = try XCTUnwrap(t.hosts.first { $0.addrs.first == c.addr })
            XCTAssertEqual(router.role, "nat")
            XCTAssertEqual(router.masqueradeOut, "wan0")
        }
        // Every client device is counted once.
        XCTAssertEqual(truth.clients.reduce(0) { $0 + $1.devices }, t.hosts.filter { $0.role == "client" }.count)
    }

    func testFirstCapturePointIsTheServersLink() throws {
        let spec = try shippedSpec("small")
        let t = try Topology(spec: spec, lab: "t3")
        XCTAssertEqual(t.capturePoints.first?.host, "core")
        XCTAssertEqual(t.capturePoints.first?.interface, "to-\(spec.servers[0].province)")
        XCTAssertTrue(t.links.contains { $0.a == "core" && $0.aIf == "to-dc" && $0.b == "r-dc" })
    }

    func testTruthIsCanonicalAndComplete() throws {
        let spec = try shippedSpec("small")
        let t = try Topology(spec: spec, lab: "t4")
        let a = try LabTruth(topology: t, spec: spec, versions: versions, breach: nil).encoded()
        let b = try LabTruth(topology: try Topology(spec: spec, lab: "t4"), spec: spec, versions: versions, breach: nil).encoded()
        XCTAssertEqual(a, b)
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: a) as? [String: Any])
        XCTAssertEqual(obj["schema"] as? String, "kpcensus.labtruth/1")
        for key in ["hosts", "sites", "services", "clients", "capture_points", "probe_netns", "inside", "outside", "canaries", "breach"] {
            XCTAssertTrue(obj.keys.contains(key), key)
        }
        XCTAssertTrue(obj["breach"] is NSNull)
        let truth = try LabTruth.decode(a)
        XCTAssertEqual(truth.sites.count, spec.sites.count)
        XCTAssertEqual(truth.sites.map(\.name), truth.sites.map(\.name).sorted())
        XCTAssertEqual(truth.sites.filter(\.tls).map(\.port), Array(repeating: 443, count: truth.sites.filter(\.tls).count))
        // A web address gets http only if it has a plain site, tls only if it has a TLS site.
        for s in truth.services where s.service == "http" || s.service == "tls" {
            XCTAssertTrue(truth.sites.contains { $0.addr == s.addr && $0.tls == (s.service == "tls") }, "\(s)")
        }
        XCTAssertEqual(Set(truth.services.filter { $0.service == "smtp" }.compactMap(\.software)), ["mail.naenara.com.kp ESMTP OpenSMTPD"])
        XCTAssertEqual(truth.probeNetns, "kp-t4-probe")
    }

    func testBreachOpensTheBorder() throws {
        var t = try Topology(spec: try shippedSpec("small"), lab: "t5")
        t.applyBreach("forward")
        XCTAssertTrue(t.host("border")!.forwards)
        XCTAssertTrue(t.host("core")!.routes.contains { $0.dest == "198.51.100.0/24" && $0.via == "10.255.250.2" })
    }
}
