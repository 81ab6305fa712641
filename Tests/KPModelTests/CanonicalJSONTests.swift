import Foundation
import KPModel
import XCTest

/// The canonical encoder must give JSONEncoder's bytes (sorted keys, its escapes
/// and number forms) in the layout each schema has always had, and write nil
/// optionals as explicit nulls unless the style or the key leaves them out.
final class CanonicalJSONTests: XCTestCase {
    /// An inventory with awkward strings and numbers in every section.
    static func sample() -> Inventory {
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
        inv.tls.certificateNames = [.init(name: "c", count: 2)]
        inv.dhcp = [.init(mac: "00:11:22:33:44:55", addr: nil, hostName: "pc\n1", vendorClass: nil)]
        inv.sites = [.init(name: "a.example", addrs: ["10.0.0.1"], evidence: ["dns"])]
        inv.siteCount.estimate = 12
        inv.siteCount.ci95 = [1e-7, 1e16]
        inv.siteCount.models = [.init(method: "m0", estimate: 0.1 + 0.2, ci95: [-0.0, 2.5e-300], aic: nil),
                                .init(method: "mt", estimate: 3, ci95: [1, 1.5], aic: 123456789012.5)]
        inv.users.reason = "too few"
        inv.users.models = [.init(method: "chapman", estimate: 1e21, ci95: [5, 1e300], aic: -1.25)]
        inv.clientDevices = [.init(addr: "10.0.0.2", devices: 2, confidence: 0.75, userAgents: 1)]
        inv.spread.services = [.init(service: "http", hosts: 1, hostShare: 1.0 / 3, subnets: 1, subnetShare: 1, hhi: 0.5)]
        inv.anomalies = [.init(code: "c", kind: "limit", layer: "dns", count: 9)]
        inv.activity.buckets = [.init(start: "2024-01-01T00:00:00Z", packets: 1, bytes: 60)]
        var scan = ScanSection()
        scan.scope = ["10.0.0.0/24"]
        scan.dnsServers = [.init(addr: "10.0.0.53", zones: [.init(zone: "example", authoritative: true, axfr: nil)])]
        inv.scan = scan
        return inv
    }

    /// JSONEncoder (sorted keys, slashes unescaped), its compact output laid out
    /// as the inventory always was: a line per member and element, `"key": value`.
    private func reference<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Data(ReferenceLayout.indent(try encoder.encode(value)) + [0x0a])
    }

    func testSameBytesAsJSONEncoder() throws {
        let omitting = JSONStyle(nils: .omitted)
        XCTAssertEqual(try CanonicalJSON.encode(Self.sample(), style: omitting), try reference(Self.sample()))
        XCTAssertEqual(try CanonicalJSON.encode(Inventory(), style: omitting), try reference(Inventory()))
    }

    func testNilsAreExplicitNullsButScanIsLeftOut() throws {
        let text = String(decoding: try CanonicalJSON.encode(Self.sample()), as: UTF8.self)
        XCTAssertTrue(text.contains(#""warning": null"#))
        XCTAssertTrue(text.contains(#""software": null"#))
        XCTAssertTrue(text.contains(#""axfr": null"#))
        XCTAssertTrue(text.contains(#""aic": null"#))
        let empty = String(decoding: try CanonicalJSON.encode(Inventory()), as: UTF8.self)
        XCTAssertTrue(empty.contains(#""first": null"#))
        XCTAssertTrue(empty.contains(#""ci95": null"#))
        XCTAssertFalse(empty.contains(#""scan""#))
        XCTAssertTrue(empty.hasSuffix("}\n"))
    }

    func testFoundationPrettyAndCompactAreJSONEncodersBytes() throws {
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let style = JSONStyle(layout: .foundationPretty, nils: .omitted)
        XCTAssertEqual(try CanonicalJSON.encode(Self.sample(), style: style), try pretty.encode(Self.sample()) + [0x0a])
        XCTAssertEqual(try CanonicalJSON.encode(Inventory(), style: style), try pretty.encode(Inventory()) + [0x0a])
        let compact = JSONEncoder()
        compact.outputFormatting = [.sortedKeys]
        let models = Self.sample().siteCount.models
        XCTAssertEqual(try CanonicalJSON.encode(models, style: JSONStyle(layout: .compact, nils: .omitted)), try compact.encode(models) + [0x0a])
    }

    func testSnakeCaseKeysAreJSONEncoders() throws {
        struct Keys: Encodable {
            var lookedUpOnly = 1, clientAddrs = 2, myURLKey = 3, a = 4, isHTTPS = 5, total = 6, v4Count = 7
        }
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys, .prettyPrinted]
        let style = JSONStyle(layout: .foundationPretty, nils: .omitted, snakeCaseKeys: true)
        XCTAssertEqual(try CanonicalJSON.encode(Keys(), style: style), try e.encode(Keys()) + [0x0a])
    }

    func testNonFiniteNumbersAreRefused() {
        var inv = Inventory()
        inv.users.estimate = .nan
        XCTAssertThrowsError(try CanonicalJSON.encode(inv))
        inv.users.estimate = .infinity
        XCTAssertThrowsError(try CanonicalJSON.encode(inv))
    }
}

/// The layout the inventory had before the canonical encoder: compact JSON re-laid
/// a line per member and element, strings left untouched.
enum ReferenceLayout {
    static func indent(_ compact: Data) -> [UInt8] {
        var out: [UInt8] = []
        var depth = 0
        var inString = false, escaped = false
        let bytes = [UInt8](compact)
        func newline() {
            out.append(0x0a)
            out.append(contentsOf: repeatElement(0x20, count: depth * 2))
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if inString {
                out.append(b)
                if escaped { escaped = false } else if b == 0x5c { escaped = true } else if b == 0x22 { inString = false }
                continue
            }
            switch b {
            case 0x22: inString = true; out.append(b)
            case 0x7b, 0x5b:
                if i < bytes.count && bytes[i] == (b == 0x7b ? 0x7d : 0x5d) {
                    out.append(contentsOf: [b, bytes[i]])   // empty container: {} or []
                    i += 1
                } else {
                    out.append(b)
                    depth += 1
                    newline()
                }
            case 0x7d, 0x5d: depth -= 1; newline(); out.append(b)
            case 0x2c: out.append(b); newline()
            case 0x3a: out.append(contentsOf: [b, 0x20])
            default: out.append(b)
            }
        }
        return out
    }
}
