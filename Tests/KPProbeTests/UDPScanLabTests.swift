import Foundation
import KPModel
import XCTest
import KPTestSupport
@testable import KPLab

/// `scan --probes udp,version` against the small lab: its dnsmasq servers, and a real
/// chrony (NTP) and net-snmp agent started for this test on one of its hosts. nmap's
/// payloads make them answer; the census's detectors and nmap's UDP match lines name them.
extension ScanLabTests {
    /// Starts `argv` inside `netns` (KPLab's posix_spawn: Foundation's Process hangs on a
    /// server that closes every descriptor, as snmpd does); the caller stops it by its PID.
    func startServer(_ netns: String, _ argv: [String], log: URL) throws -> Int32 {
        try Exec.spawn(["ip", "netns", "exec", netns] + argv, log: log.path)
    }

    func testUDPPayloadsFindAndNameNTPSNMPAndDNS() throws {
        let truth = try labTruth()
        let host = try XCTUnwrap(truth.hosts.first { $0.name == "web1" })
        let addr = host.addrs[0], dir = ScanLabTests.work.appendingPathComponent("udp-servers")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        // chrony serves its own clock (-x: never the machine's), on the host's address only.
        try """
        local stratum 8
        allow all
        bindaddress \(addr)
        port 123
        cmdport 0
        pidfile \(dir.path)/chronyd.pid
        driftfile \(dir.path)/chrony.drift
        """.write(to: dir.appendingPathComponent("chrony.conf"), atomically: true, encoding: .utf8)
        try "rocommunity public\nsysName kp-web1\n".write(to: dir.appendingPathComponent("snmpd.conf"), atomically: true, encoding: .utf8)
        let chrony = try startServer(host.netns, ["/usr/sbin/chronyd", "-x", "-d", "-f", dir.appendingPathComponent("chrony.conf").path],
                                     log: dir.appendingPathComponent("chrony.log"))
        let snmpd = try startServer(host.netns, ["env", "SNMP_PERSISTENT_DIR=\(dir.path)", "MIBS=", "/usr/sbin/snmpd", "-f", "-Lo", "-C",
                                                 "-c", dir.appendingPathComponent("snmpd.conf").path, "-p", dir.appendingPathComponent("snmpd.pid").path,
                                                 "udp:\(addr):161"], log: dir.appendingPathComponent("snmpd.log"))
        defer {
            for pid in [chrony, snmpd] {
                kill(pid, SIGTERM)
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
        }
        // Both bound before the first probe.
        var listening = ""
        for _ in 0 ..< 50 where !(listening.contains("\(addr):123") && listening.contains("\(addr):161")) {
            Thread.sleep(forTimeInterval: 0.1)
            listening = try Exec.run(["ip", "netns", "exec", host.netns, "ss", "-lun"]).output
        }
        XCTAssertTrue(listening.contains("\(addr):123") && listening.contains("\(addr):161"), listening)

        let json = ScanLabTests.work.appendingPathComponent("udp.json").path, xml = ScanLabTests.work.appendingPathComponent("udp.xml").path
        let r = try KPCensusCLI.run(["scan", "--netns", truth.probeNetns, "--scope", "10.76.0.0/22", "--probes", "udp,version",
                                     "--udp-ports", "53,123,161", "--rate", "5000", "--json", json, "-oX", xml])
        XCTAssertEqual(r.status, 0, r.stderr)
        let inv = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        var found: [String: [String: Any]] = [:]
        for s in inv["services"] as? [[String: Any]] ?? [] { found["\(s["addr"]!):\(s["port"]!)/\(s["transport"]!)"] = s }
        // Exactly the lab's UDP DNS servers and the two started here: nothing else answered.
        let dns = Set(truth.services.filter { $0.transport == "udp" && $0.service == "dns" }.map { "\($0.addr):53/udp" })
        XCTAssertFalse(dns.isEmpty)
        XCTAssertEqual(Set(found.keys), dns.union(["\(addr):123/udp", "\(addr):161/udp"]))
        for k in dns { XCTAssertEqual(found[k]?["service"] as? String, "dns", k) }
        // What nmap 7.93 -sU -sV names for chrony 4.3 and net-snmp 5.9 (checked by hand on this lab).
        let ntp = try XCTUnwrap(found["\(addr):123/udp"]), snmp = try XCTUnwrap(found["\(addr):161/udp"])
        XCTAssertEqual(ntp["service"] as? String, "ntp")
        XCTAssertEqual(ntp["product"] as? String, "NTP")
        XCTAssertEqual(ntp["version"] as? String, "v4")
        XCTAssertEqual(snmp["service"] as? String, "snmp")
        XCTAssertEqual(snmp["product"] as? String, "net-snmp")
        XCTAssertEqual(snmp["cpe"] as? [String], ["cpe:/a:net-snmp:net-snmp"])
        XCTAssertEqual((inv["scan"] as? [String: Any])?["probes"] as? [String], ["udp", "version"])
        // nmap's XML: a UDP scaninfo and the ports as nmap writes them, valid against its DTD.
        let doc = try String(contentsOfFile: xml, encoding: .utf8)
        XCTAssertTrue(doc.contains("<scaninfo type=\"udp\" protocol=\"udp\" numservices=\"3\" services=\"53,123,161\"/>"), doc)
        XCTAssertTrue(doc.contains("<port protocol=\"udp\" portid=\"161\"><state state=\"open\" reason=\"udp-response\" reason_ttl=\"0\"/><service name=\"snmp\" product=\"net-snmp\""), doc)
        let lint = try Exec.run(["xmllint", "--noout", "--dtdvalid", "/usr/share/nmap/nmap.dtd", xml])
        XCTAssertEqual(lint.status, 0, lint.output)
    }
}
