import XCTest
@testable import KPFingerprint

/// p0f's database as Debian ships it (p0f 3.09b) and real handshakes from the captures.
final class P0fTests: XCTestCase {
    static let debian = P0fDatabase.load()

    func realFile() throws -> P0fDatabase {
        try XCTUnwrap(Self.debian, "needs /etc/p0f/p0f.fp (apt-get install p0f)")
    }

    /// Datasets/captures/http-dns.pcap frame 17, read with tshark: the Linux client's SYN to
    /// nginx. IPv4, TTL 64, no IP options, DF, ID 0xa5e5; window 64240, MSS 1460, scale 10;
    /// options mss,sok,ts,nop,ws (TCP header 40 bytes); no payload.
    static let linuxSYN = TCPSynObservation(
        ipVersion: 4, ttl: 64, mss: 1460, window: 64240, windowScale: 10,
        options: [.mss, .sok, .ts, .nop, .ws], quirks: [.df, .nonZeroID], headerLength: 60)

    /// Frame 18: nginx's SYN+ACK. DF with ID 0 (Linux), window 65160, MSS 1460, scale 10.
    static let linuxSYNACK = TCPSynObservation(
        ipVersion: 4, ttl: 64, mss: 1460, window: 65160, windowScale: 10,
        options: [.mss, .sok, .ts, .nop, .ws], quirks: [.df], headerLength: 60)

    func testRealFileCounts() throws {
        let db = try realFile()
        // awk over the file: 91 sig lines under [tcp:request], 101 under [tcp:response].
        XCTAssertEqual(db.errors, [])
        XCTAssertEqual(db.requests.count, 91)
        XCTAssertEqual(db.responses.count, 101)
        let first = try XCTUnwrap(db.requests.first)
        XCTAssertEqual(first.label.description, "s:unix:Linux:3.11 and newer")
        XCTAssertEqual(first.line, 96)
        XCTAssertEqual(first.window, .mss(20))
        XCTAssertEqual(first.windowScale, 10)
        XCTAssertNil(first.ipVersion)
        XCTAssertNil(first.mss)
        XCTAssertEqual(first.quirks, [.df, .nonZeroID])
        XCTAssertEqual(first.hasPayload, false)
        XCTAssertTrue(db.requests.contains { $0.badTTL && $0.label.osClass == nil }, "the scanners' 64- signatures")
    }

    func testTheCapturedLinuxSYNGetsTheLabelP0fGivesIt() throws {
        // p0f -r http-dns.pcap: "os = Linux 2.2.x-3.x, dist = 0, params = generic",
        // raw_sig 4:64+0:0:1460:mss*44,10:mss,sok,ts,nop,ws:df,id+:0.
        let match = try XCTUnwrap(try realFile().match(Self.linuxSYN, role: .syn))
        XCTAssertEqual(match.label.description, "g:unix:Linux:2.2.x-3.x")
        XCTAssertEqual(match.line, 164)
        XCTAssertEqual(match.distance, 0)
        XCTAssertFalse(match.isFuzzy)
        XCTAssertEqual(P0fDatabase.windowMultiple(Self.linuxSYN)?.0, 44)
    }

    func testTheCapturedSYNACKHasNoLabelAsInP0f() throws {
        // p0f: "os = ???", raw_sig ...:mss*45,10:... (65160 = 45 × (1460 − 12), timestamps on).
        XCTAssertNil(try realFile().match(Self.linuxSYNACK, role: .synAck))
        XCTAssertEqual(P0fDatabase.windowMultiple(Self.linuxSYNACK)?.0, 45)
    }

    func testMSSMultipleDistanceAndFuzzyQuirks() throws {
        let db = try realFile()
        var syn = Self.linuxSYN
        syn.window = 20 * 1460
        syn.windowScale = 7
        syn.ttl = 50
        let specific = try XCTUnwrap(db.match(syn, role: .syn))
        XCTAssertEqual(specific.label.description, "s:unix:Linux:3.11 and newer")
        XCTAssertEqual(specific.line, 97)
        XCTAssertEqual(specific.distance, 14)
        XCTAssertFalse(specific.isFuzzy)
        // A middlebox that clears DF: only a fuzzy match is left, the first that fits.
        syn.quirks = [.nonZeroID]
        let fuzzy = try XCTUnwrap(db.match(syn, role: .syn))
        XCTAssertEqual(fuzzy.line, 97)
        XCTAssertTrue(fuzzy.isFuzzy)
        // Gaining a quirk p0f does not forgive: nothing.
        syn.quirks = [.df, .nonZeroID, .push]
        XCTAssertNil(db.match(syn, role: .syn))
    }

    func testMalformedLinesAreReportedWithTheirLineNumbers() {
        let text = """
            classes = unix
            [tcp:request]
            sig = *:64:0:*:*,*:mss:df:0
            label = s:unix:Demo:1
            sig = *:64:0:*:*,*:mss:df:0
            sig = *:64:0:*:*,*:mss:df
            sig = 5:64:0:*:*,*:mss:df:0
            sig = *:64:0:*:mss*x,*:mss:df:0
            sig = *:64:0:*:*,*:mss,zz:df:0
            sig = *:64:0:*:*,*:mss:df,odd:0
            label = s:beos:Demo:2
            [mtu]
            label = Ethernet
            sig = 1500
            """
        let db = P0fDatabase.parse(text, path: "crafted.fp")
        XCTAssertEqual(db.errors.map(\.line), [3, 6, 7, 8, 9, 10, 11])
        XCTAssertEqual(db.errors[1].description, "crafted.fp:6: a TCP sig has 8 fields separated by ':', this one 7")
        XCTAssertEqual(db.errors[4].message, "unknown option 'zz' in olayout")
        XCTAssertEqual(db.requests.map(\.line), [5])
    }
}
