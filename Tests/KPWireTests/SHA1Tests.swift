import KPWire
import XCTest

/// SHA-1 against FIPS 180-4's examples (also what `sha1sum` prints) and a message
/// that spans several blocks with every byte value (expected from Python's hashlib).
final class SHA1Tests: XCTestCase {
    func sha1(_ bytes: [UInt8]) -> String { SHA256.hex(SHA1.hash(bytes)) }

    func testFIPSExamples() {
        XCTAssertEqual(sha1([]), "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        XCTAssertEqual(sha1(Array("abc".utf8)), "a9993e364706816aba3e25717850c26c9cd0d89d")
        XCTAssertEqual(sha1(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        XCTAssertEqual(sha1([UInt8](repeating: 0x61, count: 1_000_000)), "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    /// python3 -c "import hashlib; print(hashlib.sha1(bytes(range(256))*3).hexdigest())"
    func testEveryByteValue() {
        let message = Array(repeating: Array(0 ... 255 as ClosedRange<UInt8>), count: 3).flatMap { $0 }
        XCTAssertEqual(sha1(message), "ac2a264c8ec1f4232a40854e8239bc3a697ab1d2")
    }
}
