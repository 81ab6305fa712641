@testable import KPQUIC
import XCTest

/// CRYPTO data put back together across frames and packets, as browsers send it: a
/// ClientHello in pieces, out of order, over two Initials, coalesced with other packets.
final class QUICReassemblyTests: XCTestCase {
    /// The RFC 9001 A.2 ClientHello handshake message (the CRYPTO frame's data).
    let clientHello = Array(hex(RFC9001.clientCryptoFrame).dropFirst(4))

    /// The sealer is right: for the RFC's own plaintext it gives the RFC's 1200 bytes,
    /// except that it always sends a 4-byte packet number, as the RFC's packet does too.
    func testSealerReproducesRFC9001A2() throws {
        var payload = hex(RFC9001.clientCryptoFrame)
        payload += [UInt8](repeating: 0, count: 1162 - payload.count)
        let packet = try InitialSealer().seal(packetNumber: 2, payload: payload)
        XCTAssertEqual(hexString(packet), hexString(hex(RFC9001.clientInitial)))
    }

    func testClientHelloOverTwoPacketsOutOfOrder() throws {
        let sealer = InitialSealer()
        let cut = 100
        let second = try sealer.seal(packetNumber: 1, payload: InitialSealer.crypto(offset: cut, clientHello[cut...]))
        let first = try sealer.seal(packetNumber: 0, payload: InitialSealer.crypto(offset: 0, clientHello[..<cut]))
        var d = QUICConnectionDecoder()
        d.add(datagram: second, from: .client)
        XCTAssertNil(d.handshake.ja4, "half a ClientHello is not read")
        d.add(datagram: first, from: .client)
        XCTAssertEqual(d.anomalies, [:])
        XCTAssertEqual(d.handshake.serverName, "example.com")
        XCTAssertEqual(d.handshake.ja4?.fingerprint, QUICRFCVectorTests.ja4)
    }

    /// Three overlapping frames in reverse order, with PING, ACK (two ranges) and PADDING between.
    func testOverlappingFramesInOnePacket() throws {
        var payload: [UInt8] = [0x01]
        payload += InitialSealer.crypto(offset: 150, clientHello[150...])
        payload += [0x02, 0x05, 0x00, 0x01, 0x01, 0x00, 0x01]
        payload += InitialSealer.crypto(offset: 40, clientHello[40 ..< 200])
        payload += [0x00, 0x00]
        payload += InitialSealer.crypto(offset: 0, clientHello[..<50])
        var d = QUICConnectionDecoder()
        d.add(datagram: try InitialSealer().seal(packetNumber: 0, payload: payload), from: .client)
        XCTAssertEqual(d.anomalies, [:])
        XCTAssertEqual(d.handshake.alpn, ["alpn"])
    }

    /// An Initial followed by a Handshake packet and zero padding in one datagram:
    /// the Initial is read, the rest skipped without an anomaly.
    func testCoalescedPackets() throws {
        var datagram = try InitialSealer().seal(packetNumber: 0, payload: InitialSealer.crypto(offset: 0, clientHello[...]))
        datagram += [0xe0, 0, 0, 0, 1, 0, 0, 0x05, 1, 2, 3, 4, 5]
        datagram += [UInt8](repeating: 0, count: 40)
        var d = QUICConnectionDecoder()
        d.add(datagram: datagram, from: .client)
        XCTAssertEqual(d.anomalies, [:])
        XCTAssertEqual(d.handshake.serverName, "example.com")
    }

    /// After a Retry (RFC 9000 §17.2.5) both sides' keys come from the Retry's Source
    /// Connection ID, which the client's next Initial uses as its DCID, with the token.
    func testRetryChangesTheKeys() throws {
        let newID: [UInt8] = [0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04, 0x05]
        var d = QUICConnectionDecoder()
        d.add(datagram: try InitialSealer().seal(packetNumber: 0, payload: InitialSealer.crypto(offset: 0, clientHello[..<30])), from: .client)
        let retry: [UInt8] = [0xf0, 0, 0, 0, 1, 0, UInt8(newID.count)] + newID + [7, 7, 7] + [UInt8](repeating: 0xaa, count: 16)
        d.add(datagram: retry, from: .server)
        var client = InitialSealer()
        client.dcid = newID
        d.add(datagram: try client.seal(packetNumber: 1, payload: InitialSealer.crypto(offset: 0, clientHello[...]), token: [7, 7, 7]), from: .client)
        var server = client
        server.side = .server
        server.dcid = newID
        let serverHello = Array(hex(RFC9001.serverPayload).dropFirst(9))
        d.add(datagram: try server.seal(packetNumber: 0, payload: InitialSealer.crypto(offset: 0, serverHello[...])), from: .server)
        XCTAssertEqual(d.anomalies, [:])
        XCTAssertEqual(d.handshake.serverName, "example.com")
        XCTAssertEqual(d.handshake.ja4s?.fingerprint, QUICRFCVectorTests.ja4s)
    }

    /// Later client Initials may carry the server's connection ID as their DCID, but
    /// stay under the keys of the first one.
    func testKeysStayWithTheFirstDCID() throws {
        var d = QUICConnectionDecoder()
        d.add(datagram: try InitialSealer().seal(packetNumber: 0, payload: InitialSealer.crypto(offset: 0, clientHello[..<30])), from: .client)
        var later = InitialSealer()
        later.dcid = [1, 2, 3, 4]
        let keyed = try later.seal(packetNumber: 1, payload: InitialSealer.crypto(offset: 30, clientHello[30...]), keysFrom: hex(RFC9001.dcid))
        d.add(datagram: keyed, from: .client)
        XCTAssertEqual(d.anomalies, [:])
        XCTAssertEqual(d.handshake.alpn, ["alpn"])
    }

    /// A damaged Initial first, from another DCID, does not pin the keys.
    func testDamagedFirstInitialDoesNotPinTheKeys() throws {
        var other = InitialSealer()
        other.dcid = [9, 9, 9, 9]
        var damaged = try other.seal(packetNumber: 0, payload: InitialSealer.crypto(offset: 0, clientHello[...]))
        damaged[damaged.count - 1] ^= 0x80
        var d = QUICConnectionDecoder()
        d.add(datagram: damaged, from: .client)
        d.add(datagram: hex(RFC9001.clientInitial), from: .client)
        d.add(datagram: hex(RFC9001.serverInitial), from: .server)
        XCTAssertEqual(d.anomalies, [.decryptFailed: 1])
        XCTAssertEqual(d.handshake.ja4s?.fingerprint, QUICRFCVectorTests.ja4s)
    }

    func testFrameAnInitialMayNotCarry() throws {
        var d = QUICConnectionDecoder()
        d.add(datagram: try InitialSealer().seal(packetNumber: 0, payload: [0x08, 0x00, 0x00]), from: .client)
        XCTAssertEqual(d.anomalies, [.badFrame: 1])
    }

    func testCryptoPastTheBound() throws {
        var d = QUICConnectionDecoder()
        let far = [0x06, 0x80, 0x01, 0x00, 0x00, 0x04] + [UInt8](repeating: 1, count: 4)
        d.add(datagram: try InitialSealer().seal(packetNumber: 0, payload: far), from: .client)
        XCTAssertEqual(d.anomalies, [.cryptoOverflow: 1])
        XCTAssertTrue(d.handshake.ja4 == nil)
    }

    /// A handshake message that claims 16 MiB is refused as soon as its length is read.
    func testHugeFirstMessage() throws {
        var d = QUICConnectionDecoder()
        d.add(datagram: try InitialSealer().seal(packetNumber: 0, payload: InitialSealer.crypto(offset: 0, [1, 0xff, 0xff, 0xff, 3, 3])), from: .client)
        XCTAssertEqual(d.anomalies, [.cryptoOverflow: 1])
    }

    /// Initials that never complete a ClientHello stop being opened after the bound.
    func testPacketBound() throws {
        let sealer = InitialSealer()
        var d = QUICConnectionDecoder()
        for n in 0 ..< 12 {
            d.add(datagram: try sealer.seal(packetNumber: UInt32(n), payload: InitialSealer.crypto(offset: 0, clientHello[..<10])), from: .client)
        }
        XCTAssertEqual(d.anomalies, [.tooManyPackets: 1])
        XCTAssertNil(d.handshake.ja4)
    }

    func testStreamBounds() {
        var s = QUICCryptoStream()
        let one: [UInt8] = [9]
        one.withUnsafeBytes { b in
            XCTAssertFalse(s.add(offset: UInt64(QUICCryptoStream.maxBytes), data: b))
            XCTAssertFalse(s.add(offset: UInt64.max, data: b))
            for i in 0 ..< QUICCryptoStream.maxRanges { XCTAssertTrue(s.add(offset: UInt64(10 + 2 * i), data: b)) }
            XCTAssertFalse(s.add(offset: 5000, data: b), "one hole too many")
            XCTAssertTrue(s.add(offset: 11, data: b), "filling a hole merges two ranges")
        }
        XCTAssertEqual(s.contiguousCount, 0)
    }

    /// A ServerHello too short to be one is counted.
    func testBadHello() throws {
        var d = QUICConnectionDecoder()
        d.add(datagram: hex(RFC9001.clientInitial), from: .client)
        var server = InitialSealer()
        server.side = .server
        d.add(datagram: try server.seal(packetNumber: 0, payload: InitialSealer.crypto(offset: 0, [2, 0, 0, 2, 3, 3])), from: .server)
        XCTAssertEqual(d.anomalies, [.badHello: 1])
        XCTAssertNil(d.handshake.ja4s)
    }
}
