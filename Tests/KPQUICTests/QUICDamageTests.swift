import KPQUIC
import XCTest

/// Damaged copies of the RFC's client Initial: every prefix, every byte flipped, and
/// seeded random damage. None may crash, none may yield a ClientHello, and each gives
/// the failure code that says why.
final class QUICDamageTests: XCTestCase {
    let packet = hex(RFC9001.clientInitial)

    func testEveryPrefixIsTruncated() {
        for n in 1 ..< packet.count {
            var d = QUICConnectionDecoder()
            d.add(datagram: Array(packet[..<n]), from: .client)
            XCTAssertEqual(d.anomalies, [.truncated: 1], "prefix of \(n) bytes")
            XCTAssertNil(d.handshake.ja4)
        }
    }

    /// Bytes 0–17 are the header (a flip there changes the version, a length, the
    /// keys' DCID or the authenticated data); 18–21 the packet number; the rest the
    /// ciphertext and tag. Any flip at 18 or later fails the AEAD tag. Byte 4 is the
    /// exception: version 1 becomes 0, a Version Negotiation packet, which is no fault.
    func testEveryByteFlipped() {
        for i in 0 ..< packet.count {
            var damaged = packet
            damaged[i] ^= 0x01
            var d = QUICConnectionDecoder()
            d.add(datagram: damaged, from: .client)
            XCTAssertNil(d.handshake.ja4, "byte \(i)")
            if i == 4 {
                XCTAssertEqual(d.handshake.version, QUICVersion(0))
                XCTAssertEqual(d.anomalies, [:])
                continue
            }
            XCTAssertFalse(d.anomalies.isEmpty, "byte \(i)")
            if i >= 18 { XCTAssertEqual(d.anomalies, [.decryptFailed: 1], "byte \(i)") }
            if (1 ... 3).contains(i) { XCTAssertEqual(d.anomalies, [.unknownVersion: 1], "byte \(i)") }
        }
    }

    /// Several random bytes changed, and random lengths, from a fixed seed.
    func testRandomDamage() {
        var rng = SplitMix(seed: 20)
        for _ in 0 ..< 3000 {
            var damaged = Array(packet[..<(1 + Int(rng.next() % UInt64(packet.count)))])
            for _ in 0 ..< 1 + Int(rng.next() % 4) {
                damaged[Int(rng.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            var d = QUICConnectionDecoder()
            d.add(datagram: damaged, from: .client)
            d.add(datagram: damaged, from: .server)
            if damaged != packet { XCTAssertNil(d.handshake.ja4) }
        }
    }

    /// Random bytes behind a valid-looking long header of each known version.
    func testRandomPayloadsBehindHeaders() {
        var rng = SplitMix(seed: 9001)
        for round in 0 ..< 2000 {
            let version: [UInt8] = [[0, 0, 0, 1], [0x6b, 0x33, 0x43, 0xcf], [0xff, 0, 0, 0x1d]][round % 3]
            var datagram: [UInt8] = [0xc0 | UInt8(truncatingIfNeeded: rng.next()) & 0x3f] + version
            for _ in 0 ..< Int(rng.next() % 1400) { datagram.append(UInt8(truncatingIfNeeded: rng.next())) }
            var d = QUICConnectionDecoder()
            d.add(datagram: datagram, from: .client)
            XCTAssertNil(d.handshake.ja4)
        }
    }
}

/// A small seeded generator, so a failure can be replayed.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Damage behind valid protection: random and mutated plaintexts sealed as real
/// Initials, so the frame reader, the reassembly and the hello parsers see them (random
/// bytes alone never pass the AEAD tag).
final class QUICPlaintextDamageTests: XCTestCase {
    let frame = hex(RFC9001.clientCryptoFrame)

    func testMutatedClientHelloFrames() throws {
        var rng = SplitMix(seed: 369)
        let sealer = InitialSealer()
        for _ in 0 ..< 800 {
            var payload = frame
            for _ in 0 ..< 1 + Int(rng.next() % 6) {
                payload[Int(rng.next() % UInt64(payload.count))] = UInt8(truncatingIfNeeded: rng.next())
            }
            payload = Array(payload[..<(1 + Int(rng.next() % UInt64(payload.count)))])
            var d = QUICConnectionDecoder()
            d.add(datagram: try sealer.seal(packetNumber: 0, payload: payload), from: .client)
            if d.handshake.ja4 == nil, d.anomalies.isEmpty {
                XCTAssertFalse(d.isFinished, "an incomplete hello leaves the direction open")
            }
        }
    }

    func testRandomFramesAcrossPackets() throws {
        var rng = SplitMix(seed: 19)
        var server = InitialSealer()
        server.side = .server
        for _ in 0 ..< 150 {
            var d = QUICConnectionDecoder()
            for n in 0 ..< 1 + Int(rng.next() % 10) {
                var payload: [UInt8] = []
                for _ in 0 ..< 1 + Int(rng.next() % 4) {
                    let data = (0 ..< Int(rng.next() % 300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                    payload += rng.next() % 3 == 0
                        ? Array(data.prefix(8))
                        : InitialSealer.crypto(offset: Int(rng.next() % 400), data[...])
                }
                d.add(datagram: try InitialSealer().seal(packetNumber: UInt32(n), payload: payload), from: .client)
                d.add(datagram: try server.seal(packetNumber: UInt32(n), payload: payload), from: .server)
            }
            XCTAssertLessThanOrEqual(d.anomalies.values.reduce(0, +), 2 * QUICConnectionDecoder.maxInitials + 2)
        }
    }
}
