import KPWire
import XCTest

/// JA4 and JA4S against real curl/OpenSSL hellos to nginx and against the examples of
/// FoxIO's specification. Tshark 4.0 (Debian 12) has no JA4 field, so the expected
/// values of the real hellos were computed from tshark's own field dump of each hello
///   tshark -r Datasets/captures/tls-sni.pcap -Y 'tls.handshake.type==1 || tls.handshake.type==2' \
///     -T fields -E separator='|' -e frame.number -e tls.handshake.type -e tls.handshake.version \
///     -e tls.handshake.ciphersuite -e tls.handshake.extension.type \
///     -e tls.handshake.extensions.supported_version -e tls.handshake.extensions_alpn_str \
///     -e tls.handshake.sig_hash_alg
/// by this script, written from the specification and independent of the Swift code:
///   import hashlib,sys
///   h=lambda l: hashlib.sha256(','.join(l).encode()).hexdigest()[:12] if l else '0'*12
///   V={0x304:'13',0x303:'12',0x302:'11',0x301:'10',0x300:'s3'}
///   G={0x0a0a+0x1010*i for i in range(16)}
///   for line in open(sys.argv[1]):
///       n,t,ver,cs,ext,sv,alpn,sig=line.rstrip('\n').split('|')
///       L=lambda s,b=16: [int(x,b) for x in s.split(',') if x]
///       cs,ext,sv,sig=L(cs),L(ext,10),L(sv),L(sig)
///       cs=[c for c in cs if c not in G]; ext=[e for e in ext if e not in G]
///       v=V.get(max([x for x in sv if x not in G]) if sv else int(ver,16),'00')
///       a=alpn.split(',')[0]; a=a[0]+a[-1] if a else '00'
///       if t=='1':
///           e=sorted('%04x'%x for x in ext if x not in (0,16)); s=['%04x'%x for x in sig]
///           c=','.join(e)+('_'+','.join(s) if s else '') if e else ''
///           print(n,'t%s%s%02d%02d%s_%s_%s'%(v,'d' if 0 in ext else 'i',min(len(cs),99),
///                 min(len(ext),99),a,h(sorted('%04x'%x for x in cs)),
///                 hashlib.sha256(c.encode()).hexdigest()[:12] if c else '0'*12))
///       else:
///           print(n,'t%s%02d%s_%04x_%s'%(v,len(ext),a,cs[0],h(['%04x'%x for x in ext])))
/// (for a ServerHello record that also carries ServerKeyExchange, tshark's
/// sig_hash_alg is that message's, which the script does not read for type 2).
final class JA4Tests: XCTestCase {
    func ja4(_ bytes: [UInt8], _ transport: JA4Transport = .tcp) -> JA4? {
        bytes.withUnsafeBytes { JA4(clientHello: $0, transport: transport) }
    }

    func ja4s(_ bytes: [UInt8], _ transport: JA4Transport = .tcp) -> JA4S? {
        bytes.withUnsafeBytes { JA4S(serverHello: $0, transport: transport) }
    }

    func testRealClientHellos() {
        XCTAssertEqual(ja4(RealBytes.clientHello12SNI)?.fingerprint, "t12d2807h1_d943125447b4_a44c6288192a")
        XCTAssertEqual(ja4(RealBytes.clientHello13)?.fingerprint, "t13d0411h2_16476d049b0b_303c7117418d")
        XCTAssertEqual(ja4(RealBytes.clientHello12H2)?.fingerprint, "t12d2807h2_d943125447b4_a44c6288192a")
        XCTAssertEqual(ja4(RealBytes.clientHello12NoSNI)?.fingerprint, "t12i280500_d943125447b4_a44c6288192a")
    }

    /// The raw form lists what was hashed: frame 21's four suites sorted, its
    /// extensions sorted without SNI and ALPN, then its signature algorithms as sent.
    func testRealClientHelloRaw() {
        XCTAssertEqual(ja4(RealBytes.clientHello13)?.raw,
                       "t13d0411h2_00ff,1301,1302,1303_000a,000b,000d,0016,0017,002b,002d,0031,0033_"
                       + "0403,0503,0603,0807,0808,0809,080a,080b,0804,0805,0806,0401,0501,0601")
    }

    func testRealServerHellos() {
        XCTAssertEqual(ja4s(RealBytes.serverHello12)?.fingerprint, "t1205h1_c02c_8763c20bf469")
        XCTAssertEqual(ja4s(RealBytes.serverHello13)?.fingerprint, "t130200_1302_a56c5b993250")
        XCTAssertEqual(ja4s(RealBytes.serverHello12H2)?.fingerprint, "t1205h2_c02c_8763c20bf469")
        XCTAssertEqual(ja4s(RealBytes.serverHello12NoALPN)?.fingerprint, "t120300_c02c_460f64128655")
        XCTAssertEqual(ja4s(RealBytes.serverHello13)?.raw, "t130200_1302_002b,0033")
    }

    /// The same ClientHello inside QUIC CRYPTO frames only changes the first character.
    func testQUICTransport() {
        XCTAssertEqual(ja4(RealBytes.clientHello13, .quic)?.fingerprint, "q13d0411h2_16476d049b0b_303c7117418d")
        XCTAssertEqual(ja4s(RealBytes.serverHello13, .quic)?.fingerprint, "q130200_1302_a56c5b993250")
    }

    /// The worked example of technical_details/JA4.md, with GREASE added where Chrome
    /// puts it (a cipher, the first and last extension, a supported version): GREASE
    /// changes nothing.
    func testSpecificationExampleWithGREASE() {
        let ciphers: [UInt16] = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035]
        let sigs: [UInt16] = [0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601]
        var h = HelloBuilder(cipherSuites: [0x0a0a] + ciphers)
        h.extensions = [HelloBuilder.empty(0x1a1a)]
        for type: UInt16 in [0x001b, 0x0000, 0x0033, 0x0010, 0x4469, 0x0017, 0x002d, 0x000d, 0x0005, 0x0023, 0x0012, 0x002b, 0xff01, 0x000b, 0x000a, 0x0015] {
            switch type {
            case 0x0000: h.extensions.append(HelloBuilder.serverName("naenara.com.kp"))
            case 0x0010: h.extensions.append(HelloBuilder.alpn([Array("h2".utf8), Array("http/1.1".utf8)]))
            case 0x000d: h.extensions.append(HelloBuilder.signatureAlgorithms(sigs))
            case 0x002b: h.extensions.append(HelloBuilder.supportedVersions([0x2a2a, 0x0304, 0x0303]))
            default: h.extensions.append(HelloBuilder.empty(type))
            }
        }
        h.extensions.append(HelloBuilder.empty(0x2a2a))
        let fp = ja4(h.bytes)
        XCTAssertEqual(fp?.fingerprint, "t13d1516h2_8daaf6152771_e5627efa2ab1")
        XCTAssertEqual(fp?.raw, "t13d1516h2_002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9_"
                       + "0005,000a,000b,000d,0012,0015,0017,001b,0023,002b,002d,0033,4469,ff01_0403,0804,0401,0503,0805,0501,0806,0601")
    }

    /// technical_details/JA4S.md: TLS 1.2, four extensions, no ALPN, cipher c030.
    func testJA4SSpecificationExample() {
        var h = HelloBuilder(type: 2, cipherSuites: [0xc030])
        h.extensions = [0x0005, 0x0017, 0xff01, 0x0000].map(HelloBuilder.empty)
        XCTAssertEqual(ja4s(h.bytes)?.fingerprint, "t120400_c030_4e8089b08790")
        XCTAssertNil(ja4(h.bytes), "a ServerHello has no JA4")
        XCTAssertNil(ja4s(RealBytes.clientHello13), "a ClientHello has no JA4S")
    }

    /// ALPN per the specification: an empty list or an empty first name is "00"; one
    /// character is both ends; a non-alphanumeric end switches to the hex digits.
    func testALPNCharacters() {
        func prefix(_ alpn: (UInt16, [UInt8])) -> String? {
            let h = HelloBuilder(cipherSuites: [0x1301], extensions: [alpn, HelloBuilder.empty(0x0017)])
            return ja4(h.bytes)?.prefix
        }
        XCTAssertEqual(prefix((0x0010, [0, 0])), "t12i010200")
        XCTAssertEqual(prefix(HelloBuilder.alpn([[]])), "t12i010200")
        XCTAssertEqual(prefix(HelloBuilder.alpn([Array("h".utf8)])), "t12i0102hh")
        XCTAssertEqual(prefix(HelloBuilder.alpn([[0xab]])), "t12i0102ab")
        XCTAssertEqual(prefix(HelloBuilder.alpn([[0xab, 0xcd]])), "t12i0102ad")
        XCTAssertEqual(prefix(HelloBuilder.alpn([[0x30, 0xab]])), "t12i01023b")
        XCTAssertEqual(prefix(HelloBuilder.alpn([[0x30, 0xab, 0xcd, 0x31]])), "t12i010201")
    }

    /// No ciphers and no extensions but SNI/ALPN: both hashes are twelve zeros; an
    /// unknown version is "00".
    func testEmptyListsAndUnknownVersion() {
        let h = HelloBuilder(legacyVersion: 0x0305, cipherSuites: [], extensions: [HelloBuilder.serverName("kcna.kp")])
        XCTAssertEqual(ja4(h.bytes)?.fingerprint, "t00d000100_000000000000_000000000000")
    }

    /// Every proper prefix of a real ClientHello is nil, as is a message whose
    /// extension length runs past its end, and another handshake type.
    func testTruncatedAndMalformed() {
        let full = RealBytes.clientHello12SNI
        for n in 0 ..< full.count { XCTAssertNil(ja4(Array(full.prefix(n))), "prefix of \(n) bytes") }
        var bad = full
        bad[full.count - 44] = 0xff  // the length byte of signature_algorithms' extension
        XCTAssertNil(ja4(bad))
        var other = full
        other[0] = 11
        XCTAssertNil(ja4(other))
    }
}
