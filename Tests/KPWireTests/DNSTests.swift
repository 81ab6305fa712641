import KPWire
import XCTest

final class DNSTests: XCTestCase {
    func parse(_ bytes: [UInt8], cut: Bool = false) -> DNSMessage? {
        bytes.withUnsafeBytes { DNSDecoder.parse($0, cut: cut) }
    }

    /// A response for kcna.kp A with a compressed answer name (pointer to offset 12).
    let response = hex("""
        1234 8180 0001 0001 0000 0000
        04 6b636e61 02 6b70 00 0001 0001
        c00c 0001 0001 00000e10 0004 0a4c010b
        """)

    func testCompressedAnswer() throws {
        let m = try XCTUnwrap(parse(response))
        XCTAssertNil(m.anomaly)
        XCTAssertTrue(m.isResponse)
        XCTAssertEqual(m.questions, [DNSQuestion(name: "kcna.kp", type: 1)])
        XCTAssertEqual(m.answers.count, 1)
        XCTAssertEqual(m.answers[0].name, "kcna.kp")
        XCTAssertEqual(m.answers[0].data, "10.76.1.11")
        XCTAssertEqual(m.answers[0].address?.description, "10.76.1.11")
    }

    func testNamesAreLowercasedAndEscaped() throws {
        // Question "KCNA.kp" and a label holding a dot and a non-printable byte.
        let q = hex("0001 0100 0002 0000 0000 0000  04 4b434e41 02 6b70 00 0001 0001  03 612e01 00 0010 0001")
        let m = try XCTUnwrap(parse(q))
        XCTAssertEqual(m.questions.map(\.name), ["kcna.kp", "a\\.\\001"])
        XCTAssertEqual(DNSType.name(m.questions[1].type), "TXT")
    }

    func testOtherTypesRenderedAsRFC3597() throws {
        // Two answers for the root: type 99 with bytes 0a 0b ff, and an empty OPT.
        let m = try XCTUnwrap(parse(hex("0001 8000 0000 0002 0000 0000  00 0063 0001 00000000 0003 0a0bff  00 0029 1000 00000000 0000")))
        XCTAssertNil(m.anomaly)
        XCTAssertEqual(m.answers.map(\.data), ["\\# 3 0a0bff", "\\# 0"])
    }

    func testCompressionLoopEnds() throws {
        // The answer name is a pointer to itself: the loop guard stops it.
        let loop = hex("0001 8000 0000 0001 0000 0000  c00c 0001 0001 00000000 0004 0a000001")
        let m = try XCTUnwrap(parse(loop))
        XCTAssertEqual(m.anomaly, .dnsCompressionLoop)
        XCTAssertTrue(m.answers.isEmpty)
    }

    func testPointerOutOfRange() throws {
        let bad = hex("0001 8000 0001 0000 0000 0000  c0ff")
        XCTAssertEqual(try XCTUnwrap(parse(bad)).anomaly, .dnsPointerOutOfRange)
    }

    func testShortVersusTruncated() throws {
        let cutResponse = Array(response.prefix(30))
        XCTAssertEqual(try XCTUnwrap(parse(cutResponse)).anomaly, .dnsShort)
        XCTAssertEqual(try XCTUnwrap(parse(cutResponse, cut: true)).anomaly, .dnsTruncated)
        XCTAssertNil(parse(Array(response.prefix(11))), "no header, no message")
    }

    func testRecordTypesRenderAsZoneFileData() throws {
        // A zone-transfer style answer section: SOA, NS, MX, TXT, AAAA, PTR for "kp" / names in it.
        var msg = hex("0002 8400 0000 0006 0000 0000")
        let kp = hex("02 6b70 00")                     // at offset 12
        func rr(_ name: [UInt8], _ type: UInt16, _ rdata: [UInt8]) -> [UInt8] {
            name + [UInt8(type >> 8), UInt8(type & 0xff), 0, 1, 0, 0, 0x0e, 0x10, UInt8(rdata.count >> 8), UInt8(rdata.count & 0xff)] + rdata
        }
        let ns1 = hex("03 6e7331 c00c")                // ns1.kp
        msg += rr(kp, 6, ns1 + hex("04 726f6f74 c00c") + hex("77fd3579 00007080 00015180 00127500 00015180"))
        msg += rr(hex("c00c"), 2, ns1)
        msg += rr(hex("c00c"), 15, hex("000a") + hex("04 6d61696c c00c"))
        msg += rr(hex("c00c"), 16, hex("05 68656c6c6f 03 22615c"))
        msg += rr(hex("c00c"), 28, hex("20010db8000000000000000000000001"))
        msg += rr(hex("01 35 01 30 01 30 02 3130 07 696e2d61646472 04 61727061 00"), 12, hex("03 6e7331 c00c"))
        let m = try XCTUnwrap(parse(msg))
        XCTAssertNil(m.anomaly)
        XCTAssertEqual(m.answers.map(\.data), [
            "ns1.kp root.kp 2013083001 28800 86400 1209600 86400",
            "ns1.kp",
            "10 mail.kp",
            "\"hello\" \"\\\"a\\\\\"",
            "2001:db8::1",
            "ns1.kp",
        ])
        XCTAssertEqual(m.answers[5].name, "5.0.0.10.in-addr.arpa")
        XCTAssertTrue(m.authoritative)
    }

    func testBadRdataLength() throws {
        let bad = hex("0001 8000 0000 0001 0000 0000  00 0001 0001 00000000 0003 0a0000")
        XCTAssertEqual(try XCTUnwrap(parse(bad)).anomaly, .dnsBadRdata)
    }

    func testExtraSectionsCheckedOnly() throws {
        // One answer for kp, an authority NS (ns: kp) and an additional OPT.
        let ok = hex("""
            0003 8180 0000 0001 0001 0001
            02 6b70 00 0001 0001 00000e10 0004 0a000001
            c00c 0002 0001 00000e10 0002 c00c
            00 0029 1000 00000000 0000
            """)
        func checked(_ bytes: [UInt8]) -> DNSMessage? {
            bytes.withUnsafeBytes { DNSDecoder.parse($0, extraSections: .checkedOnly) }
        }
        let kept = try XCTUnwrap(parse(ok)), read = try XCTUnwrap(checked(ok))
        XCTAssertNil(read.anomaly)
        XCTAssertEqual(read.answers, kept.answers)
        XCTAssertEqual(kept.authorities.map(\.data), ["kp"])
        XCTAssertEqual(kept.additionals.map(\.data), ["\\# 0"])
        XCTAssertTrue(read.authorities.isEmpty && read.additionals.isEmpty)
        // The OPT replaced by a 3-byte A record: the same anomaly whether kept or only checked.
        let bad = Array(ok.dropLast(11)) + hex("c00c 0001 0001 00000000 0003 0a0000")
        XCTAssertEqual(try XCTUnwrap(parse(bad)).anomaly, .dnsBadRdata)
        XCTAssertEqual(try XCTUnwrap(checked(bad)).anomaly, .dnsBadRdata)
    }

    func testReadRecordedGivesQueryQuestionsAndResponseAnswers() throws {
        func recorded(_ bytes: [UInt8]) -> DNSMessage? {
            var questions: [DNSQuestion] = [], answers: [DNSRecord] = []
            var m = bytes.withUnsafeBytes {
                DNSDecoder.readRecorded($0, question: { questions.append($0) }, answer: { answers.append($0) })
            }
            XCTAssertTrue(m == nil || (m!.questions.isEmpty && m!.answers.isEmpty))
            m?.questions = questions
            m?.answers = answers
            return m
        }
        var query = response
        query[2] &= 0x7f   // the same message with the QR bit clear
        // Every truncation and many one-byte changes of a response and of a query: the
        // same anomaly as `parse`, and the section the census records is the same.
        for message in [response, query] {
            var variants = (0 ... message.count).map { Array(message.prefix($0)) }
            for i in message.indices {
                for v: UInt8 in [0x00, 0x01, 0x05, 0x0c, 0x3f, 0xc0, 0xff] {
                    var m = message
                    m[i] = v
                    variants.append(m)
                }
            }
            for bytes in variants {
                let full = parse(bytes), read = recorded(bytes)
                XCTAssertEqual(full == nil, read == nil)
                guard let full, let read else { continue }
                XCTAssertEqual(read.anomaly, full.anomaly, "\(bytes)")
                XCTAssertEqual(read.isResponse, full.isResponse)
                if full.isResponse {
                    XCTAssertEqual(read.answers, full.answers)
                    XCTAssertTrue(read.questions.isEmpty)
                } else {
                    XCTAssertEqual(read.questions, full.questions)
                    XCTAssertTrue(read.answers.isEmpty)
                }
            }
        }
    }
}
