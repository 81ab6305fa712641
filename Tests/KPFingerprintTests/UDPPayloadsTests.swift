import Foundation
import XCTest
@testable import KPFingerprint

/// nmap's UDP payloads, read from Debian's nmap-common file and from crafted files.
final class UDPPayloadsTests: XCTestCase {
    func parse(_ text: String) throws(FingerprintFileError) -> UDPPayloadDatabase {
        try UDPPayloadDatabase.parse(Array(text.utf8), path: "t.payloads")
    }

    func testDebiansFile() throws {
        let path = UDPPayloadDatabase.defaultPath
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let db = try UDPPayloadDatabase.load(path: path)
        // One entry per `udp` line of the file (counted here independently of the parser).
        XCTAssertEqual(db.entries.count, text.split(separator: "\n").filter { $0.hasPrefix("udp ") }.count)
        XCTAssertGreaterThanOrEqual(db.entries.count, 60)
        // NTP: two entries for 123, the first a 48-byte client request (LI 3, version 4, mode 3).
        let ntp = db.payloads(for: 123)
        XCTAssertEqual(ntp.count, 2)
        XCTAssertEqual(ntp[0].count, 48)
        XCTAssertEqual(Array(ntp[0].prefix(4)), [0xE3, 0x00, 0x04, 0xFA])
        // SSDP's M-SEARCH holds an escaped quote: the string runs on past it.
        let ssdp = String(decoding: try XCTUnwrap(db.payloads(for: 1900).first), as: UTF8.self)
        XCTAssertTrue(ssdp.hasPrefix("M-SEARCH * HTTP/1.1\r\n"), ssdp)
        XCTAssertTrue(ssdp.contains("Man: \"ssdp:discover\"\r\nMX: 5\r\n"), ssdp)
        // IKE entries carry `source 500`: the keyword is skipped, the payload kept.
        XCTAssertEqual(db.payloads(for: 500).count, 2)
        XCTAssertEqual(db.payloads(for: 4500).count, 1)
        // Default ports: narrow ranges in, the RPC range 32768-65535 out.
        let ports = Set(db.defaultPorts)
        XCTAssertTrue(ports.isSuperset(of: [53, 123, 161, 1900, 5353, 27910, 27914]))
        XCTAssertFalse(ports.contains(40000))
        XCTAssertEqual(db.payloads(for: 40000).count, 1, "the range still holds a payload for an explicit --udp-ports")
        XCTAssertEqual(db.payloads(for: 9), [])
    }

    func testStringsJoinAcrossLinesAndCommentsAreSkipped() throws {
        let db = try parse("# header\nudp 7,9-10 \"a\\x41\"\n  \"\\0b\" # tail\nsource 7\n\nudp 7 \"second\"\n")
        XCTAssertEqual(db.entries.map(\.line), [2, 6])
        XCTAssertEqual(db.payloads(for: 7), [[0x61, 0x41, 0x00, 0x62], Array("second".utf8)])
        XCTAssertEqual(db.payloads(for: 10), [[0x61, 0x41, 0x00, 0x62]])
        XCTAssertEqual(db.defaultPorts, [7, 9, 10])
    }

    func testBadFilesNameTheLine() {
        func problem(_ text: String) -> String {
            do { _ = try parse(text); return "parsed" } catch { return "\(error)" }
        }
        XCTAssertEqual(problem("udp 53\nudp 54 \"x\"\n"), "t.payloads:1: udp entry without a quoted payload")
        XCTAssertEqual(problem("udp 53 \"x\n"), "t.payloads:1: unterminated string")
        XCTAssertEqual(problem("\"x\"\n"), "t.payloads:1: a quoted string outside a udp entry")
        XCTAssertEqual(problem("\nudp 9-1 \"x\"\n"), "t.payloads:2: `udp` needs a port list such as 53,5353 or 27910-27914")
        XCTAssertEqual(problem("udp 1 \"\\xZZ\"\n"), "t.payloads:1: bad escape in a payload string")
        XCTAssertEqual(problem("tcp 1 \"x\"\n"), "t.payloads:1: `tcp`: expected `udp PORTS \"payload\"`")
        XCTAssertThrowsError(try UDPPayloadDatabase.load(path: "/nonexistent", explicit: true)) {
            XCTAssertTrue("\($0)".hasPrefix("--udp-payloads /nonexistent: cannot read"), "\($0)")
        }
    }
}
