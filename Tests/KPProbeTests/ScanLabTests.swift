import Foundation
import KPModel
import XCTest
@testable import KPLab
import KPTestSupport

/// The scanner against the small lab, brought up once for the whole class and
/// always taken down. Every probe leaves from the lab's probe namespace; captures
/// there prove what was (not) sent.
final class ScanLabTests: XCTestCase {
    /// Named after the test process: runs of several checkouts must not take down each other's labs.
    static let lab = "kpscan\(getpid() % 100_000)"
    static var truth: LabTruth?
    static var upError = ""
    static let work = FileManager.default.temporaryDirectory.appendingPathComponent("kpscan-\(UUID().uuidString)")

    override class func setUp() {
        super.setUp()
        guard geteuid() == 0 else { return }
        try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let path = work.appendingPathComponent("truth.json").path
        do {
            let up = try KPCensusCLI.run(["lab", "up", "--spec", "Datasets/labs/small.json", "--name", lab, "--truth", path])
            if up.status == 0 { truth = try LabTruth.decode(Data(contentsOf: URL(fileURLWithPath: path))) } else { upError = up.stderr }
        } catch { upError = "\(error)" }
    }

    override class func tearDown() {
        // Runs even when tests failed: nothing of the lab may survive.
        if geteuid() == 0 { _ = try? Lab.down(name: lab) }
        try? FileManager.default.removeItem(at: work)
        super.tearDown()
    }

    func labTruth() throws -> LabTruth {
        try requireRoot("the scan lab tests (network namespaces, raw sockets)")
        return try XCTUnwrap(ScanLabTests.truth, "lab up failed: \(ScanLabTests.upError)")
    }

    var tcpPorts: String { Set((ScanLabTests.truth?.services ?? []).filter { $0.transport == "tcp" }.map(\.port)).sorted().map(String.init).joined(separator: ",") }

    func testFullScanFindsEveryServiceAXFRAndTheHiddenSite() throws {
        let truth = try labTruth()
        let words = ScanLabTests.work.appendingPathComponent("words.txt")
        try "staging\nwww\n".write(to: words, atomically: true, encoding: .utf8)
        let json = ScanLabTests.work.appendingPathComponent("scan.json").path
        let db = ScanLabTests.work.appendingPathComponent("census.sqlite").path
        let xml = ScanLabTests.work.appendingPathComponent("scan.xml").path, gnmap = ScanLabTests.work.appendingPathComponent("scan.gnmap").path
        let r = try KPCensusCLI.run(["scan", "--netns", truth.probeNetns, "--scope", "10.76.0.0/22", "--ports", tcpPorts, "--rate", "5000",
                                 "--wordlist", words.path, "--json", json, "--db", db, "--require-raw", "-oX", xml, "--oG", gnmap])
        XCTAssertEqual(r.status, 0, r.stderr)
        try checkNmapOutputs(xml: xml, grepable: gnmap, truth: truth)
        let inv = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        var found: [String: [String: Any]] = [:]
        for s in inv["services"] as? [[String: Any]] ?? [] { found["\(s["addr"]!)/\(s["transport"]!)/\(s["port"]!)"] = s }
        for s in truth.services {
            let f = found["\(s.addr)/\(s.transport)/\(s.port)"]
            XCTAssertEqual(f?["service"] as? String, s.service, "\(s)")
            XCTAssertEqual(f?["software"] as? String, s.software, "\(s)")
        }
        // AXFR as the spec sets it: allowed on ns1, refused on ns2.
        let spec = try LabSpec.load(path: repoRoot.appendingPathComponent("Datasets/labs/small.json").path)
        let scan = try XCTUnwrap(inv["scan"] as? [String: Any])
        XCTAssertEqual(scan["port_scan"] as? String, "syn")
        var axfr: [String: String] = [:]
        for d in scan["dns_servers"] as? [[String: Any]] ?? [] {
            axfr[d["addr"] as! String] = ((d["zones"] as? [[String: Any]])?.first { $0["zone"] as? String == "kp" })?["axfr"] as? String
        }
        for s in spec.servers where s.run.contains("dns") { XCTAssertEqual(axfr[s.addrs[0]], s.axfr == true ? "allowed" : "refused", s.name) }
        // Every site, and the hidden one no DNS answer or link names.
        var sites = Set<String>()
        for s in inv["sites"] as? [[String: Any]] ?? [] { for a in s["addrs"] as! [String] { sites.insert("\(s["name"]!)@\(a)") } }
        for s in truth.sites + (truth.hiddenSites ?? []) { XCTAssertTrue(sites.contains("\(s.name)@\(s.addr)"), "\(s)") }
        let hidden = try XCTUnwrap(truth.hiddenSites?.first)
        XCTAssertFalse((inv["dns"] as? [String: Any]).map { "\($0)" }?.contains(hidden.name) ?? true, "no DNS answer names the hidden site")
        // Stored as an active scan run with the probes that found things.
        let rows = try Exec.run(["sqlite3", db, "SELECT kind, complete FROM runs; SELECT DISTINCT origin, probe FROM observations WHERE kind = 'service' ORDER BY probe"]).output
        XCTAssertTrue(rows.hasPrefix("scan|1\n"), rows)
        XCTAssertTrue(rows.contains("active|banner") && rows.contains("active|http") && rows.contains("active|tls"), rows)
        // The report of the stored scan says which server allowed the zone transfer.
        let report = try KPCensusCLI.run(["report", "--db", db, "--format", "md", "--out", "-"])
        XCTAssertEqual(report.status, 0, report.stderr)
        for s in spec.servers where s.run.contains("dns") {
            XCTAssertTrue(report.stdout.contains("\(s.axfr == true ? "allowed" : "refused") at \(s.addrs[0])"), report.stdout)
        }
    }

    /// -oX is valid against nmap's own DTD (nmap-common) and both nmap formats list every TCP service of the lab,
    /// under the name the scan gives it (`name`; the lab's own name by default).
    func checkNmapOutputs(xml: String, grepable: String, truth: LabTruth, name: (LabTruth.Service) -> String = { $0.service }) throws {
        let valid = try Exec.run(["xmllint", "--noout", "--dtdvalid", "/usr/share/nmap/nmap.dtd", xml])
        XCTAssertEqual(valid.status, 0, valid.output)
        let doc = try String(contentsOfFile: xml, encoding: .utf8), g = try String(contentsOfFile: grepable, encoding: .utf8)
        XCTAssertTrue(doc.contains("<scaninfo type=\"syn\" protocol=\"tcp\""), doc)
        for s in truth.services where s.transport == "tcp" {
            XCTAssertTrue(doc.contains("<address addr=\"\(s.addr)\""), "\(s)")
            XCTAssertTrue(doc.contains("<port protocol=\"tcp\" portid=\"\(s.port)\"><state state=\"open\""), "\(s)")
            XCTAssertTrue(g.contains("\(s.port)/open/tcp//\(name(s))//"), "\(s) in \(g)")
            XCTAssertTrue(g.contains("Host: \(s.addr) ("), "\(s)")
        }
    }

    func testCrawlerAndDNSAnswersNeverLeaveTheScope() throws {
        let truth = try labTruth()
        let scope = ["10.76.1.11", "10.76.0.53"]
        let cap = try Capture(netns: truth.probeNetns, file: ScanLabTests.work.appendingPathComponent("crawl.pcap").path)
        let json = ScanLabTests.work.appendingPathComponent("crawl.json").path
        let r = try KPCensusCLI.run(["scan", "--netns", truth.probeNetns, "--scope", scope.joined(separator: ","), "--ports", "53,80",
                                 "--probes", "syn,dns,axfr,http,vhost,crawl", "--json", json])
        let packets = try cap.stop()
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertGreaterThan(packets.filter { $0.contains("> 10.76.1.11.80") }.count, 0, "the crawl and vhost probes reached the portal")
        let outside = packets.filter { line in !scope.contains { line.contains("> \($0).") || line.contains("> \($0):") } && line.contains(" > ") }
        XCTAssertEqual(outside, [], "packets from the probe namespace to addresses outside the scope")
        let inv = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let skipped = (inv["scan"] as? [String: Any])?["out_of_scope"] as? [String] ?? []
        XCTAssertTrue(skipped.contains { $0.hasPrefix("nta.gov.kp (10.76.1.10 is outside") }, "the portal's link to nta.gov.kp (10.76.1.10) was met and not followed: \(skipped)")
    }

    func testOutOfScopeTargetAndDryRunSendNothing() throws {
        let truth = try labTruth()
        let cap = try Capture(netns: truth.probeNetns, file: ScanLabTests.work.appendingPathComponent("none.pcap").path)
        let out = try KPCensusCLI.run(["scan", "--netns", truth.probeNetns, "--scope", "10.76.1.0/24", "10.76.2.25"])
        let dry = try KPCensusCLI.run(["scan", "--netns", truth.probeNetns, "--scope", "10.76.1.10/31", "--ports", "22,80", "--probes", "syn,dns", "--dry-run"])
        let packets = try cap.stop()
        XCTAssertEqual(out.status, 2)
        XCTAssertTrue(out.stderr.contains("target 10.76.2.25 is outside the scope 10.76.1.0/24"), out.stderr)
        XCTAssertEqual(dry.status, 0, dry.stderr)
        let lines = dry.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.count, 2 * 2 + 2)
        XCTAssertEqual(lines.compactMap { $0?["probe"] as? String }, ["syn", "syn", "syn", "syn", "dns", "dns"])
        XCTAssertEqual(lines.compactMap { $0?["addr"] as? String }, ["10.76.1.10", "10.76.1.11", "10.76.1.10", "10.76.1.11", "10.76.1.10", "10.76.1.11"])
        XCTAssertEqual(packets, [], "nothing may leave the probe namespace")
    }

    func testNoScopeIsExit2() throws {
        let r = try KPCensusCLI.run(["scan", "10.76.1.10", "--dry-run"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("no --scope"), r.stderr)
    }
}

/// tcpdump in a namespace (any interface, no name lookups), stopped by its own PID.
struct Capture {
    let process: Process
    let file: String

    init(netns: String, file: String) throws {
        self.file = file
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        // A 16 MB buffer, and stop() refuses a record with kernel drops: a lost packet
        // could hide the very probe a test says was never sent.
        process.arguments = ["netns", "exec", netns, "tcpdump", "-Z", "root", "-i", "any", "-n", "-U", "-B", "16384", "-w", file, "ip and not arp"]
        _ = FileManager.default.createFile(atPath: file + ".txt", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: file + ".txt")
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // tcpdump is listening once it has written the file header.
        let deadline = Date().addingTimeInterval(5)
        while ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) < 24 && Date() < deadline { usleep(50_000) }
        usleep(200_000)
    }

    /// Stops tcpdump and returns its packets as text lines ("IP a.b.c.d.p > e.f.g.h.q: …"), outgoing only.
    func stop() throws -> [String] {
        usleep(300_000)
        process.interrupt()
        process.waitUntilExit()
        let report = (try? String(contentsOfFile: file + ".txt", encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: file + ".txt")
        guard report.contains("\n0 packets dropped by kernel") else {
            throw CaptureLost(detail: "tcpdump in the lab lost packets or did not report: \(report)")
        }
        let text = try Exec.run(["tcpdump", "-n", "-r", file]).output
        return text.split(separator: "\n").map(String.init).filter { $0.contains(" IP ") && $0.contains(" Out ") }
    }
}

struct CaptureLost: Error, CustomStringConvertible { var detail: String; var description: String { detail } }
