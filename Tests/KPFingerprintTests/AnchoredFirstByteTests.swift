import XCTest
@testable import KPFingerprint

/// The first-byte shortcut must never skip a pattern that could match: each case says why
/// a byte is pinned or why no shortcut is taken.
final class AnchoredFirstByteTests: XCTestCase {
    func first(_ pattern: String, _ flags: RegexFlags = []) -> [UInt8]? {
        AnchoredFirstByte.of(Array(pattern.utf8), flags: flags).map { [$0.0, $0.1] }
    }

    func testPinnedBytes() {
        XCTAssertEqual(first("^SSH-"), [0x53, 0x53])
        XCTAssertEqual(first(#"^\x16\x03"#), [0x16, 0x16])
        XCTAssertEqual(first(#"^\0\0"#), [0, 0])
        XCTAssertEqual(first(#"^\r\n"#), [0x0D, 0x0D])
        XCTAssertEqual(first(#"^\+OK"#), [0x2B, 0x2B])
        XCTAssertEqual(first("^ssh", .caseless), [0x73, 0x53])
        XCTAssertEqual(first("^220+ "), [0x32, 0x32], "+ keeps at least one")
        XCTAssertEqual(first("^x[|]"), [0x78, 0x78], "a | inside a class is no alternation")
        XCTAssertEqual(first(#"^x\|y"#), [0x78, 0x78], "an escaped | is a byte")
        XCTAssertEqual(first("^x(a|b)"), [0x78, 0x78], "an alternation inside a group")
    }

    func testNoShortcut() {
        XCTAssertNil(first("SSH"), "not anchored")
        XCTAssertNil(first("^a?b"), "the first byte is optional")
        XCTAssertNil(first("^a*b"))
        XCTAssertNil(first("^a{0,2}b"))
        XCTAssertNil(first("^a|b"), "the anchor holds for one branch only")
        XCTAssertNil(first("^(a)"))
        XCTAssertNil(first("^[ab]"))
        XCTAssertNil(first(#"^\d"#))
        XCTAssertNil(first(#"^\012"#), "an octal escape")
        XCTAssertNil(first(#"^\Qa\E"#))
        XCTAssertNil(first("^.x"))
        XCTAssertNil(first("^"))
    }

    func testShortcutAgreesWithPCRE2OnTheRealBanners() throws {
        // Every NULL-probe line the shortcut would skip for a reply, run by PCRE2 alone (the
        // pattern wrapped in (?:…) takes no shortcut, same meaning), indeed does not match.
        let replies = [ServiceMatcherTests.openSSH, ServiceMatcherTests.openSMTPD, ServiceMatcherTests.dovecotPOP3,
                       ServiceMatcherTests.dovecotIMAP, "\u{16}\u{3}\u{1}", "", "220 ftp ready\r\n"]
        let db = try XCTUnwrap(ServiceProbesParserTests.debian)
        let null = try XCTUnwrap(db.probe(named: "NULL", transport: .tcp))
        let scratch = RegexScratch()
        var checked = 0
        for rule in null.matches {
            let regex = try ByteRegex(pattern: rule.pattern, flags: rule.flags)
            guard let (a, b) = regex.firstByte else { continue }
            let plain = try ByteRegex(pattern: Array("(?:".utf8) + rule.pattern + [UInt8(ascii: ")")], flags: rule.flags)
            XCTAssertNil(plain.firstByte)
            for reply in replies.map({ Array($0.utf8) }) where reply.first != a && reply.first != b {
                checked += 1
                XCTAssertEqual(plain.match(reply, scratch: scratch), .noMatch, "line \(rule.line)")
            }
        }
        XCTAssertGreaterThan(checked, 10_000)
    }
}
