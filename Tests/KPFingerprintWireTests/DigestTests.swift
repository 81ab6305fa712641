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

    /// Around the padding's block edge (55 bytes fit one block, 56 and 64 take two),
    /// where MD5 and SHA-256 share the Merkle–Damgård frame; expected from Python's
    /// hashlib over bytes(range(n)).
    func testPaddingBlockEdges() {
        let expected: [(Int, String, String)] = [
            (55, "6912ee65fff2d9f9ce2508cddf8bcda0", "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
            (56, "51fdd1acda72405dfdfa03fcb85896d7", "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
            (64, "b2d3f56bc197fd985d5965079b5e7148", "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
        ]
        for (n, md5, sha256) in expected {
            let message = (0 ..< n).map { UInt8($0) }
            XCTAssertEqual(SHA256.hex(MD5.hash(message)), md5, "MD5 of \(n) bytes")
            XCTAssertEqual(SHA256.hex(SHA256.hash(message)), sha256, "SHA-256 of \(n) bytes")
        }
    }
}
