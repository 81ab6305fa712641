import KPWire
import XCTest

/// The digests under the fingerprints, against the vectors of RFC 1321 §A.5 and
/// FIPS 180-4's examples (also what `md5sum` and `sha256sum` print).
final class DigestTests: XCTestCase {
    func md5(_ s: String) -> String { SHA256.hex(MD5.hash(Array(s.utf8))) }
    func sha256(_ s: String) -> String { SHA256.hex(SHA256.hash(Array(s.utf8))) }

    func testMD5() {
        XCTAssertEqual(md5(""), "d41d8cd98f00b204e9800998ecf8427e")
        XCTAssertEqual(md5("abc"), "900150983cd24fb0d6963f7d28e17f72")
        XCTAssertEqual(md5("message digest"), "f96b697d7cb7938d525a2f31aaf161d0")
        XCTAssertEqual(md5("12345678901234567890123456789012345678901234567890123456789012345678901234567890"),
                       "57edf4a22be3c955ac49da2e2107b67a")
    }

    func testSHA256() {
        XCTAssertEqual(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }
}
