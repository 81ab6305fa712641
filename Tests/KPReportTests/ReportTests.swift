import Foundation
import KPCensus
import KPPipeline
@testable import KPReport
import KPModel
import XCTest

/// The report model and its renderers, on the census of a real capture and on
/// inventories written here field by field.
final class ReportTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let run = CensusReport.Run(id: 4, kind: "analyze", complete: true, toolVersion: "test")

    func census(_ names: [String]) throws -> Inventory {
        let paths = names.map { Self.root.appendingPathComponent("Datasets/captures/\($0)").path }
        return try Analyzer(paths: paths, filter: nil).run().inventory
    }

    func testCategoriesComeFromTheKPZoneOfTheName() {
        XCTAssertEqual(Grouping.category(of: "naenara.com.kp"), "com.kp")
        XCTAssertEqual(Grouping.category(of: "www.rodong.rep.kp"), "rep.kp")
        XCTAssertEqual(Grouping.category(of: "kcna.kp"), "kp")
        // "grandpeople" is not a .kp second-level zone: the name sits directly under .kp.
        XCTAssertEqual(Grouping.category(of: "library.grandpeople.kp"), "kp")
        XCTAssertEqual(Grouping.category(of: "example.com"), "other: com")
    }

    func testSubnetsAndOutsideAddresses() {
        XCTAssertEqual(Grouping.subnet(of: "10.4.100.10"), "10.4.100.0/24")
        XCTAssertEqual(Grouping.subnet(of: "fd00:6b70:6::10"), "fd00:6b70:6::/64")
        XCTAssertFalse(Grouping.isOutsidePrivateRanges("10.9.8.7"))
        XCTAssertFalse(Grouping.isOutsidePrivateRanges("172.31.0.1"))
        XCTAssertTrue(Grouping.isOutsidePrivateRanges("172.32.0.1"))
        XCTAssertTrue(Grouping.isOutsidePrivateRanges("198.51.100.7"))
        XCTAssertFalse(Grouping.isOutsidePrivateRanges("fe80::1"))
        XCTAssertTrue(Grouping.isOutsidePrivateRanges("2001:db8::1"))
        XCTAssertTrue(Grouping.addrLess("10.0.0.9", "10.0.0.10"))
    }

    func testReportOfTheHTTPDNSCapture() throws {
        let inv = try census(["http-dns.pcap"])
        let r = CensusReport(inventory: inv, run: run)
        XCTAssertEqual(r.sites.list.map(\.name), inv.sites.map(\.name).sorted())
        XCTAssertEqual(r.sites.byCategory.reduce(0) { $0 + $1.count }, inv.sites.count)
        XCTAssertEqual(r.sites.count.observed, inv.siteCount.observed)
        XCTAssertEqual(r.overview.packets, 118)
        XCTAssertEqual(r.overview.seconds, 0.377, accuracy: 0.001)
        // dnsmasq answered an AXFR of zone kp in this capture.
        let kp = try XCTUnwrap(r.dns.zones.first { $0.zone == "kp" })
        XCTAssertEqual(kp.transfer, "requested, zone records seen")
        XCTAssertEqual(kp.transferRequests, 1)
        XCTAssertEqual(kp.nameServers, ["ns1.kp"])
        // What this run did not measure is said so, not invented.
        XCTAssertNil(r.airGap.verdict)
        XCTAssertTrue(r.airGap.status.hasPrefix("not measured in this run"))
        XCTAssertNil(r.users.byAccessType)
        XCTAssertNil(r.overview.captureDrops)
        XCTAssertEqual(r.activity.buckets.reduce(0) { $0 + $1.packets }, 118)
    }

    func testOutsideAddressesAndLimitsAreReported() {
        var inv = Inventory()
        inv.hosts = [Inventory.Host(addr: "10.1.0.1", roles: ["client"], macs: [], names: [], packets: 1, bytes: 60),
                     Inventory.Host(addr: "203.0.113.9", roles: ["server"], macs: [], names: [], packets: 1, bytes: 60)]
        inv.anomalies = [Inventory.Anomaly(code: "flow_table_full", kind: "limit", layer: "census", count: 3),
                         Inventory.Anomaly(code: "dns_truncated", kind: "truncated", layer: "dns", count: 1)]
        let r = CensusReport(inventory: inv, run: run)
        XCTAssertEqual(r.airGap.outsideAddrs, ["203.0.113.9"])
        XCTAssertEqual(r.dataQuality.limitsReached, ["flow_table_full"])
        XCTAssertEqual(r.users.bySubnet, [CensusReport.Count(key: "10.1.0.0/24", count: 1)])
    }

    func testJSONIsVersionedDeterministicAndRoundTrips() throws {
        let inv = try census(["http-dns.pcap", "tls-sni.pcap"])
        let r = CensusReport(inventory: inv, run: run)
        let a = try ReportJSON.encode(r), b = try ReportJSON.encode(CensusReport(inventory: inv, run: run))
        XCTAssertEqual(a, b)
        XCTAssertEqual(try ReportJSON.decode(a), r)
        let text = String(decoding: a, as: UTF8.self)
        XCTAssertTrue(text.contains("\"schema\": \"kpcensus.report/1\""))
        // Explicit nulls for what was not measured.
        XCTAssertTrue(text.contains("\"verdict\": null"))
        XCTAssertTrue(text.contains("\"by_access_type\": null"))
    }

    func testMarkdownHasEverySectionAndEscapesCells() throws {
        var inv = try census(["mail-ssh.pcap"])
        inv.services[0].software = "evil | <b>pipe</b>"
        let md = MarkdownReport.render(CensusReport(inventory: inv, run: run))
        for id in ["overview", "sites", "users", "services", "hosts", "dns", "airgap", "quality", "activity", "method"] {
            XCTAssertTrue(md.contains("<a id=\"\(id)\"></a>"), id)
        }
        XCTAssertTrue(md.contains("evil \\| \\<b\\>pipe\\</b\\>"))
        XCTAssertTrue(md.contains("| 10.3.0.25 | 25 | tcp | smtp |"))
    }

    func testHTMLIsSelfContainedAndEscaped() throws {
        var inv = try census(["http-dns.pcap"])
        inv.sites[0].name = "<script>alert(1)</script>.kp"
        let html = HTMLReport.render(CensusReport(inventory: inv, run: run))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertFalse(html.contains("src="))
        XCTAssertFalse(html.contains("href=\"http"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;.kp"))
        for id in ["chart-services", "chart-sites-by-category", "chart-estimates", "chart-activity"] {
            XCTAssertTrue(html.contains("<svg id=\"\(id)\""), id)
        }
    }

    func testCSVHasOneFilePerTableWithHeaderAndQuoting() throws {
        var inv = try census(["http-dns.pcap"])
        inv.services[0].software = "a, \"b\""
        let files = CSVReport.render(CensusReport(inventory: inv, run: run))
        let names = files.map(\.name)
        XCTAssertEqual(Set(names).count, names.count)
        XCTAssertTrue(names.contains("sites.csv") && names.contains("services.csv") && names.contains("overview.csv"))
        let services = try XCTUnwrap(files.first { $0.name == "services.csv" }).text
        XCTAssertTrue(services.hasPrefix("address,port,transport,service,software,clients,product,version,flows,bytes\n"))
        XCTAssertTrue(services.contains(",\"a, \"\"b\"\"\","))
        let sites = try XCTUnwrap(files.first { $0.name == "sites.csv" }).text
        XCTAssertEqual(sites.split(separator: "\n").count, inv.sites.count + 1)
    }

    func testDiffShowsWhatAppearedAndDisappeared() throws {
        let a = try census(["tls-sni.pcap", "dhcp.pcap"]), b = try census(["http-dns.pcap", "tls-sni.pcap"])
        let side = CensusDiff.Side(db: "x", run: 1, first: nil, last: nil, packets: 0)
        let d = CensusDiff(a: a, side, b: b, side)
        XCTAssertEqual(d.sites.added, ["library.grandpeople.kp", "portal.net.kp", "www.kcna.kp"])
        XCTAssertEqual(d.sites.removed, [])
        XCTAssertEqual(d.services.removed, ["10.6.0.1 67/udp dhcp"])
        XCTAssertTrue(d.hosts.removed.contains("10.6.0.1"))
        // Seconds of capture are too little to estimate: the observed counts move, the change is null.
        let users = try XCTUnwrap(d.estimates.first { $0.quantity == "users" })
        XCTAssertEqual(users.after.observed - users.before.observed, b.users.clientAddrs - a.users.clientAddrs)
        XCTAssertNil(users.after.estimate)
        XCTAssertNil(users.change)
        XCTAssertTrue(d.text.contains("users: not estimated ("), d.text)
        XCTAssertTrue(d.text.contains("  - 10.6.0.1 67/udp dhcp\n"))
    }

    func testAJoinedScanAddsSitesServicesAndZoneTransfers() throws {
        let passive = try census(["http-dns.pcap"])
        var scan = Inventory()
        let known = try XCTUnwrap(passive.sites.first)
        scan.sites = [Inventory.Site(name: known.name, addrs: known.addrs, evidence: ["http"]),
                      Inventory.Site(name: "staging.hidden.kp", addrs: ["10.76.0.80"], evidence: ["tls"])]
        scan.services = [Inventory.Service(addr: "10.76.0.22", port: 22, transport: "tcp", service: "ssh", software: "SSH-2.0-OpenSSH_9.2p1", clients: 0)]
        scan.hosts = [Inventory.Host(addr: "10.76.0.22", roles: ["server"], macs: [], names: [], packets: 0, bytes: 0)]
        var section = ScanSection()
        section.dnsServers = [.init(addr: "10.76.0.53", zones: [.init(zone: "kp", authoritative: true, axfr: "allowed")]),
                              .init(addr: "10.76.1.53", zones: [.init(zone: "kp", authoritative: false, axfr: "refused")])]
        scan.scan = section
        let scanRun = CensusReport.Run(id: 5, kind: "scan", complete: true, toolVersion: "test")
        let alone = CensusReport(inventory: passive, run: run)
        let r = CensusReport(inventory: passive, run: run, joined: [(run: scanRun, inventory: scan)])
        XCTAssertEqual(r.joinedRuns, [scanRun])
        XCTAssertEqual(r.overview.sites, alone.overview.sites + 1, "the hidden site is added")
        XCTAssertEqual(r.sites.count.observed, passive.sites.count + 1)
        XCTAssertEqual(r.sites.count.estimate, alone.sites.count.estimate, "estimates stay the base run's")
        XCTAssertEqual(r.sites.list.first { $0.name == known.name }?.evidence, (known.evidence + ["scan:http"]).sorted())
        XCTAssertEqual(r.sites.list.first { $0.name == "staging.hidden.kp" }?.evidence, ["scan:tls"])
        XCTAssertEqual(r.overview.packets, passive.input.packets, "traffic counts stay the base run's")
        XCTAssertTrue(r.hosts.contains { $0.addr == "10.76.0.22" })
        let kp = try XCTUnwrap(r.dns.zones.first { $0.zone == "kp" })
        XCTAssertTrue(kp.transfer.hasSuffix("; scan: allowed at 10.76.0.53, refused at 10.76.1.53"), kp.transfer)
        XCTAssertEqual(kp.nameServers.filter { $0.hasPrefix("10.76.") }, ["10.76.0.53"], "only the authoritative server is a name server")
        let md = MarkdownReport.render(r)
        XCTAssertTrue(md.contains("joined runs") && md.contains("5 (scan)"), md)
    }

    func testFractionProgressLine() {
        let line = ProgressLine.render(fraction: 0.25, label: "simulated window", elapsed: 10)
        XCTAssertEqual(line, "[######------------------]  25%  simulated window  ETA 0:30")
        XCTAssertTrue(ProgressLine.render(fraction: 0, label: "x", elapsed: 1).hasSuffix("ETA --:--"))
    }

    func testSVGNumbersDoNotDependOnTheLocale() {
        XCTAssertEqual(SVGCharts.f(12.25), "12.3")
        XCTAssertEqual(SVGCharts.f(-0.04), "0")
        XCTAssertEqual(SVGCharts.f(3), "3")
        XCTAssertEqual(SVGCharts.niceCeiling(6.6), 10)
        XCTAssertEqual(SVGCharts.niceCeiling(130), 200)
    }
}
