import Foundation
import KPModel
import XCTest
import KPTestSupport

/// `scan --probes syn,version` against the small lab's real servers (the lab of
/// ScanLabTests, brought up once for the class): nmap's probes, matched with Debian's
/// nmap-service-probes, name the product of every TCP service.
extension ScanLabTests {
    /// What nmap's database (Debian 12, nmap 7.93) names for each server of the lab, by its service in the lab truth.
    static let expectedProducts: [String: (service: String, product: String?)] = [
        "ssh": ("ssh", "OpenSSH"),
        "http": ("http", "nginx"),
        "smtp": ("smtp", "OpenSMTPD"),
        // The greeting only softmatches; GenericLines' and GetRequest's replies are Dovecot's.
        "pop3": ("pop3", "Dovecot pop3d"),
        "imap": ("imap", "Dovecot imapd"),
        // dnsmasq (authoritative only) refuses version.bind; the file has no dnsmasq rule for
        // a refusal, and line 12571 names that exact refusal NLnet Labs NSD.
        "dns": ("domain", "NLnet Labs NSD"),
        // nginx behind TLS: nmap names the product only inside the TLS tunnel, which the
        // scanner does not open; its probes in clear get OpenSSL's alert, a bare "ssl" line.
        "tls": ("ssl", nil),
    ]

    func testVersionProbesNameTheProductOfEveryTCPService() throws {
        let truth = try labTruth()
        let json = ScanLabTests.work.appendingPathComponent("version.json").path
        let xml = ScanLabTests.work.appendingPathComponent("version.xml").path, gnmap = ScanLabTests.work.appendingPathComponent("version.gnmap").path
        let r = try KPCensusCLI.run(["scan", "--netns", truth.probeNetns, "--scope", "10.76.0.0/22", "--ports", tcpPorts,
                                     "--probes", "syn,version", "--rate", "5000", "--json", json, "--require-raw", "-oX", xml, "-oG", gnmap])
        XCTAssertEqual(r.status, 0, r.stderr)
        try checkNmapOutputs(xml: xml, grepable: gnmap, truth: truth) { Self.expectedProducts[$0.service]?.service ?? $0.service }
        let inv = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        var found: [String: [String: Any]] = [:]
        for s in inv["services"] as? [[String: Any]] ?? [] { found["\(s["addr"]!)/\(s["transport"]!)/\(s["port"]!)"] = s }
        let tcp = truth.services.filter { $0.transport == "tcp" }
        XCTAssertGreaterThanOrEqual(tcp.count, 14)
        for s in tcp {
            let f = try XCTUnwrap(found["\(s.addr)/tcp/\(s.port)"], "\(s) not found")
            let expected = try XCTUnwrap(Self.expectedProducts[s.service], "no expectation for \(s.service)")
            XCTAssertEqual(f["service"] as? String, expected.service, "\(s)")
            XCTAssertEqual(f["product"] as? String, expected.product, "\(s)")
            switch s.service {
            case "ssh":
                // The software the banner gives, as nmap spells its version ("9.2p1 Debian 2+deb12u10").
                let sw = try XCTUnwrap(s.software).replacingOccurrences(of: "OpenSSH_", with: "").replacingOccurrences(of: "-", with: " ")
                XCTAssertEqual(f["version"] as? String, sw, "\(s)")
                XCTAssertEqual(f["info"] as? String, "protocol 2.0")
                XCTAssertEqual((f["cpe"] as? [String])?.first, "cpe:/a:openbsd:openssh:\(sw.split(separator: " ")[0])")
                // nmap's outputs carry the same fields, as nmap writes them.
                let doc = try String(contentsOfFile: xml, encoding: .utf8), g = try String(contentsOfFile: gnmap, encoding: .utf8)
                XCTAssertTrue(doc.contains("product=\"OpenSSH\" version=\"\(sw)\" extrainfo=\"protocol 2.0\""), doc)
                XCTAssertTrue(doc.contains("<cpe>cpe:/a:openbsd:openssh:\(sw.split(separator: " ")[0])</cpe>"), doc)
                XCTAssertTrue(g.contains("\(s.port)/open/tcp//ssh//OpenSSH \(sw) (protocol 2.0)/"), g)
            case "http":
                XCTAssertEqual("nginx/\(f["version"] as? String ?? "")", s.software, "\(s)")
                XCTAssertEqual(f["cpe"] as? [String], ["cpe:/a:igor_sysoev:nginx:\(f["version"] as? String ?? "")"])
            case "pop3", "imap":
                XCTAssertEqual(f["cpe"] as? [String], ["cpe:/a:dovecot:dovecot"])
            default:
                break
            }
        }
        XCTAssertEqual((inv["scan"] as? [String: Any])?["probes"] as? [String], ["syn", "version"])
    }

    func testVersionProbesNeedTheProbesFileAndAnIntensity() throws {
        let bad = ScanLabTests.work.appendingPathComponent("bad-probes").path
        try "Probe TCP NULL q||\nmatch ssh m|^SSH-(|\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try KPCensusCLI.run(["scan", "--scope", "10.76.1.10/32", "--ports", "22", "--probes", "syn,version",
                                     "--service-probes", bad, "--dry-run"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--service-probes \(bad):2: regex:"), r.stderr)
        let i = try KPCensusCLI.run(["scan", "--scope", "10.76.1.10/32", "--probes", "version", "--version-intensity", "10", "--dry-run"])
        XCTAssertEqual(i.status, 2)
        XCTAssertTrue(i.stderr.contains("--version-intensity 10: give 0 to 9"), i.stderr)
    }
}
