import Foundation
import XCTest
import KPTestSupport

/// `--service-probes` on analyze as a user meets it: the committed captures named by
/// Debian's nmap-service-probes, and a bad file named by its line (exit 2).
final class ServiceProbesCLITests: XCTestCase {
    func services(_ args: [String]) throws -> [String: [String: Any]] {
        let out = try KPCensusCLI.run(["analyze"] + args + ["--json", "-", "-q"])
        XCTAssertEqual(out.status, 0, out.stderr)
        let inv = try XCTUnwrap(JSONSerialization.jsonObject(with: out.stdoutData) as? [String: Any])
        var byKey: [String: [String: Any]] = [:]
        for s in inv["services"] as? [[String: Any]] ?? [] { byKey["\(s["port"]!)/\(s["transport"]!)"] = s }
        return byKey
    }

    func testMailAndSSHCaptureNamesOpenSSHAndOpenSMTPD() throws {
        let s = try services(["Datasets/captures/mail-ssh.pcap"])
        for port in ["22/tcp", "2222/tcp"] {
            XCTAssertEqual(s[port]?["product"] as? String, "OpenSSH")
            XCTAssertEqual(s[port]?["version"] as? String, "9.2p1 Debian 2+deb12u10")
            XCTAssertEqual(s[port]?["info"] as? String, "protocol 2.0")
            XCTAssertEqual(s[port]?["cpe"] as? [String], ["cpe:/a:openbsd:openssh:9.2p1", "cpe:/o:linux:linux_kernel"])
        }
        XCTAssertEqual(s["25/tcp"]?["product"] as? String, "OpenSMTPD")
        XCTAssertTrue(s["25/tcp"]?["version"] is NSNull)
        // Dovecot's "(Debian) ready." greetings only softmatch: the service, no product.
        XCTAssertTrue(s["110/tcp"]?["product"] is NSNull)
        XCTAssertEqual(s["110/tcp"]?["service"] as? String, "pop3")
    }

    func testHTTPCaptureNamesNginxAndPostgreSQLNothing() throws {
        let http = try services(["Datasets/captures/http-dns.pcap"])
        XCTAssertEqual(http["80/tcp"]?["product"] as? String, "nginx")
        XCTAssertEqual(http["80/tcp"]?["version"] as? String, "1.22.1")
        XCTAssertEqual(http["80/tcp"]?["flows"] as? Int, 6)
        let pg = try services(["Datasets/captures/postgresql.pcap"])
        XCTAssertTrue(pg["5432/tcp"]?["product"] is NSNull, "no line of nmap's file reads the SSLRequest refusal")
    }

    func testABadProbesFileIsExit2NamingItsLine() throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("kpbad-\(UUID().uuidString)")
        try "Probe TCP NULL q||\nmatch ssh m|^SSH-| q/x/\n".write(to: bad, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: bad) }
        let out = try KPCensusCLI.run(["analyze", "Datasets/captures/mail-ssh.pcap", "--service-probes", bad.path, "-q"])
        XCTAssertEqual(out.status, 2)
        XCTAssertEqual(out.stderr, "kpcensus: --service-probes \(bad.path):2: unknown version field 'q': fix the file or use Debian's nmap-common one\n")
    }
}
