import KPQUIC
import XCTest

/// The protected Initial packets of RFC 9001 Appendix A.2/A.3 and RFC 9369 Appendix
/// A.2/A.3, decrypted end to end. The ClientHello in both is the RFC's: server name
/// example.com, ALPN "alpn", suites 1301 and 1302, eleven extensions. The expected JA4
/// and JA4S were computed from FoxIO's specification by hand (python3 hashlib):
///   sha256("1301,1302")[:12] = 62ed6f6ca7ad
///   sha256("0005,000a,000d,001c,002b,002d,0033,0039,ff01_0403,0503,0603,0203,0804,0805,0806")[:12] = 4d634acda6c0
///   sha256("0033,002b")[:12] = 234ea6891581
final class QUICRFCVectorTests: XCTestCase {
    static let ja4 = "q13d0211an_62ed6f6ca7ad_4d634acda6c0"
    static let ja4s = "q130200_1301_234ea6891581"

    func testVersion1ClientInitial() {
        var d = QUICConnectionDecoder()
        d.add(datagram: hex(RFC9001.clientInitial), from: .client)
        XCTAssertEqual(d.anomalies, [:])
        XCTAssertEqual(d.handshake.version, .v1)
        XCTAssertEqual(d.handshake.serverName, "example.com")
        XCTAssertEqual(d.handshake.alpn, ["alpn"])
        XCTAssertEqual(d.handshake.ja4?.fingerprint, Self.ja4)
        XCTAssertNil(d.handshake.ja4s)
        XCTAssertFalse(d.isFinished, "the server's Initial is still to come")
    }

    func testVersion1ServerInitial() {
        var d = QUICConnectionDecoder()
        d.add(datagram: hex(RFC9001.clientInitial), from: .client)
        d.add(datagram: hex(RFC9001.serverInitial), from: .server)
        XCTAssertEqual(d.anomalies, [:])
        XCTAssertEqual(d.handshake.ja4s?.fingerprint, Self.ja4s)
        XCTAssertEqual(d.handshake.ja4s?.raw, "q130200_1301_0033,002b")
        XCTAssertTrue(d.isFinished)
    }

    func testVersion2ClientAndServerInitial() {
        var d = QUICConnectionDecoder()
        d.add(datagram: hex(RFC9369.clientInitial), from: .client)
        d.add(datagram: hex(RFC9369.serverInitial), from: .server)
        XCTAssertEqual(d.anomalies, [:])
        XCTAssertEqual(d.handshake.version, .v2)
        XCTAssertEqual(d.handshake.serverName, "example.com")
        XCTAssertEqual(d.handshake.alpn, ["alpn"])
        XCTAssertEqual(d.handshake.ja4?.fingerprint, Self.ja4)
        XCTAssertEqual(d.handshake.ja4s?.fingerprint, Self.ja4s)
    }

    /// Version 1's packet with its version field rewritten to draft-29, which shares
    /// version 1's type bits and labels but not its salt.
    func testWrongVersionsKeysDoNotOpen() {
        var packet = hex(RFC9001.clientInitial)
        packet.replaceSubrange(1 ..< 5, with: [0xff, 0x00, 0x00, 0x1d])
        var d = QUICConnectionDecoder()
        d.add(datagram: packet, from: .client)
        XCTAssertEqual(d.handshake.version, .draft29)
        XCTAssertEqual(d.anomalies, [.decryptFailed: 1], "draft-29's salt gives other keys")
        XCTAssertNil(d.handshake.ja4)
    }

    func testInitialVersionDetection() {
        func detect(_ bytes: [UInt8]) -> QUICVersion? { bytes.withUnsafeBytes { QUICConnectionDecoder.initialVersion($0) } }
        XCTAssertEqual(detect(hex(RFC9001.clientInitial)), .v1)
        XCTAssertEqual(detect(hex(RFC9001.serverInitial)), .v1)
        XCTAssertEqual(detect(hex(RFC9369.clientInitial)), .v2)
        XCTAssertNil(detect(Array(hex(RFC9001.clientInitial)[..<40])), "a Length past the payload")
        XCTAssertNil(detect([0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5]), "TLS over TCP is not QUIC")
        XCTAssertNil(detect([0xe0, 0, 0, 0, 1, 0, 0, 0x01, 0]), "a Handshake packet is not an Initial")
    }

    func testServerInitialWithoutClientsIsCounted() {
        var d = QUICConnectionDecoder()
        d.add(datagram: hex(RFC9001.serverInitial), from: .server)
        XCTAssertEqual(d.anomalies, [.noClientInitial: 1])
        XCTAssertNil(d.handshake.ja4s)
    }

    func testUnknownVersionIsCountedAndNamed() {
        var packet = hex(RFC9001.clientInitial)
        packet.replaceSubrange(1 ..< 5, with: [0x51, 0x30, 0x35, 0x30])
        var d = QUICConnectionDecoder()
        d.add(datagram: packet, from: .client)
        XCTAssertEqual(d.anomalies, [.unknownVersion: 1])
        XCTAssertEqual(d.handshake.version?.description, "0x51303530")
    }

    func testShortHeaderAndVersionNegotiationAreNotAnomalies() {
        var d = QUICConnectionDecoder()
        d.add(datagram: [0x40, 1, 2, 3, 4, 5, 6, 7, 8, 9], from: .client)
        d.add(datagram: [0x80, 0, 0, 0, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0, 1], from: .server)
        XCTAssertEqual(d.anomalies, [:])
        XCTAssertEqual(d.handshake.version, QUICVersion(0))
    }
}
