import Foundation
@testable import KPCensus
@testable import KPReport
import KPModel
import XCTest

/// The hand-written inventory JSON must be the bytes the Codable path gives:
/// sorted keys, explicit nulls, JSONEncoder's escapes and number forms.
final class InventoryWriterTests: XCTestCase {
    func testSameBytesAsCodable() throws {
        var inv = Inventory()
        inv.input.files = [.init(path: "a/b \"c\"\\.pcap", format: "pcap", linktype: "EN10MB", packets: 3, status: "cut", warning: nil),
                           .init(path: "-", format: "pcapng", linktype: "RAW", packets: 0, status: "corrupt", warning: "bad\trecord\u{1}\u{1f}")]
        inv.input.first = "2024-01-01T00:00:00.000000Z"
        inv.input.packets = -7
        inv.hosts = [.init(addr: "10.0.0.1", roles: ["client", "server"], macs: [], names: ["é.example", "x/y\u{2028}😀"], packets: Int.max, bytes: Int.min)]
        inv.services = [.init(addr: "10.0.0.1", port: 80, transport: "tcp", service: "http", software: nil, clients: 2)]
        inv.dns.queries = [.init(name: "a.example", type: "A", count: 1)]
        inv.dns.answers = [.init(name: "a.example", type: "A", data: "10.0.0.1")]
        inv.http.hosts = [.init(host: "h", requests: 4)]
        inv.tls.serverNames = [.init(name: "s", count: 1)]
        inv.dhcp = [.init(mac: "00:11:22:33:44:55", addr: nil, hostName: "pc\n1", vendorClass: nil)]
        inv.sites = [.init(name: "a.example", addrs: ["10.0.0.1"], evidence: ["dns"])]
        inv.siteCount.estimate = 12
        inv.siteCount.ci95 = [1e-7, 1e16]
        inv.siteCount.models = [.init(method: "m0", estimate: 0.1 + 0.2, ci95: [-0.0, 2.5e-300], aic: nil),
                                .init(method: "mt", estimate: 3, ci95: [1, 1.5], aic: 123456789012.5)]
        inv.users.reason = "too few"
        inv.clientDevices = [.init(addr: "10.0.0.2", devices: 2, confidence: 0.75, userAgents: 1)]
        inv.spread.services = [.init(service: "http", hosts: 1, hostShare: 1.0 / 3, subnets: 1, subnetShare: 1, hhi: 0.5)]
        inv.anomalies = [.init(code: "c", kind: "limit", layer: "dns", count: 9)]
        inv.activity.buckets = [.init(start: "2024-01-01T00:00:00Z", packets: 1, bytes: 60)]
        XCTAssertEqual(try InventoryJSON.encode(inv), try CanonicalJSON.encode(inv))
        XCTAssertEqual(try InventoryJSON.encode(Inventory()), try CanonicalJSON.encode(Inventory()))

        var scan = ScanSection()
        scan.scope = ["10.0.0.0/24"]
        scan.dnsServers = [.init(addr: "10.0.0.53", zones: [.init(zone: "example", authoritative: true, axfr: nil)])]
        inv.scan = scan
        XCTAssertEqual(try InventoryJSON.encode(inv), try CanonicalJSON.encode(inv))
    }

    func testNonFiniteNumbersAreRefused() {
        var inv = Inventory()
        inv.users.estimate = .nan
        XCTAssertThrowsError(try InventoryJSON.encode(inv))
    }
}
