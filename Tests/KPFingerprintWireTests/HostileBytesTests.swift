import KPWire
import XCTest

/// Damaged copies of the real hellos, KEXINITs and request heads go through every
/// parser without a trap (a quick, deterministic stand-in until the fuzz targets run):
/// each byte in turn set to 0x00, 0xff and its complement, and a fixed pseudo-random
/// series of multi-byte damage. Most results are nil; none may crash or hang.
final class HostileBytesTests: XCTestCase {
    func damaged(_ bytes: [UInt8], _ body: ([UInt8]) -> Void) {
        for i in bytes.indices {
            for value in [0x00, 0xff, ~bytes[i]] as [UInt8] {
                var copy = bytes
                copy[i] = value
                body(copy)
            }
        }
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        for _ in 0 ..< 2000 {
            var copy = bytes
            for _ in 0 ..< 4 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                copy[Int(state >> 33) % copy.count] = UInt8(truncatingIfNeeded: state >> 17)
            }
            body(copy)
        }
    }

    func testTLSHellos() {
        var parsed = 0
        for hello in [RealBytes.clientHello13, RealBytes.serverHello12] {
            damaged(hello) { bytes in
                bytes.withUnsafeBytes { b in
                    if JA4(clientHello: b, transport: .tcp) != nil || JA4S(serverHello: b, transport: .tcp) != nil { parsed += 1 }
                }
            }
        }
        XCTAssertGreaterThan(parsed, 0, "damage to the random or cipher bytes still parses")
    }

    func testKexInits() {
        damaged(RealBytes.kexInitServer) { bytes in
            _ = SSHKexInit(packet: bytes)?.hasshServer
        }
    }

    func testRequestHeadsAndUserAgents() {
        let head = Array("GET / HTTP/1.1\r\nHost: kcna.kp\r\nCookie: a=1; b\r\nAccept-Language: ko\r\n\r\n".utf8)
        damaged(head) { bytes in
            bytes.withUnsafeBytes { _ = JA4H(requestHead: $0)?.fingerprint }
            _ = UserAgentInfo(userAgent: String(decoding: bytes, as: UTF8.self))
        }
    }
}
