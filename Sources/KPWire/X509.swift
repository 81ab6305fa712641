// X.509 certificates (RFC 5280), DER-encoded (X.690): only as far as the names go.
// Certificate = SEQUENCE { tbsCertificate, signatureAlgorithm, signature };
// tbsCertificate = SEQUENCE { [0] version, serial, signature, issuer, validity,
// subject, subjectPublicKeyInfo, [1], [2], [3] extensions }. Read: the subject's
// commonName (2.5.4.3) and the subjectAltName (2.5.29.17) dNSName entries ([2]).

public struct X509Names: Sendable, Equatable {
    public var commonName: String?
    public var dnsNames: [String] = []

    /// Every name the certificate vouches for, lowercased, without duplicates.
    public var allNames: [String] {
        var seen = Set<String>()
        return ([commonName].compactMap { $0 } + dnsNames).map { $0.asciiLowercased }.filter { seen.insert($0).inserted }
    }
}

public enum X509Decoder {
    struct TLV {
        var tag: UInt8
        var start: Int      // first content byte
        var end: Int        // one past the last content byte
    }

    /// Reads one DER element at `pos`; nil when its header or contents are not there.
    static func tlv(_ c: ByteCursor, at pos: Int) -> TLV? {
        guard let tag = c.u8(at: pos), let first = c.u8(at: pos + 1) else { return nil }
        var len = 0, p = pos + 2
        if first < 0x80 {
            len = Int(first)
        } else {
            let n = Int(first & 0x7f)
            guard n >= 1 && n <= 4 else { return nil }
            for _ in 0 ..< n {
                guard let b = c.u8(at: p) else { return nil }
                len = len << 8 | Int(b)
                p += 1
            }
        }
        guard c.has(len, at: p) else { return nil }
        return TLV(tag: tag, start: p, end: p + len)
    }

    /// The children of a constructed element.
    static func children(_ c: ByteCursor, _ t: TLV) -> [TLV]? {
        var out: [TLV] = []
        var p = t.start
        while p < t.end {
            guard let child = tlv(c, at: p), child.end <= t.end else { return nil }
            out.append(child)
            p = child.end
        }
        return out
    }

    static let commonNameOID: [UInt8] = [0x55, 0x04, 0x03]
    static let subjectAltNameOID: [UInt8] = [0x55, 0x1d, 0x11]

    public static func names(_ der: UnsafeRawBufferPointer) -> X509Names? {
        let c = ByteCursor(der)
        guard let cert = tlv(c, at: 0), cert.tag == 0x30,
              let tbs = tlv(c, at: cert.start), tbs.tag == 0x30,
              var fields = children(c, tbs) else { return nil }
        if fields.first?.tag == 0xa0 { fields.removeFirst() }          // explicit version
        // serial, signature, issuer, validity, subject, spki, then optional [1] [2] [3]
        guard fields.count >= 6 else { return nil }
        var names = X509Names()
        names.commonName = commonName(c, fields[4])
        for f in fields.dropFirst(6) where f.tag == 0xa3 {
            guard let seq = tlv(c, at: f.start), let exts = children(c, seq) else { return nil }
            for ext in exts {
                guard let parts = children(c, ext), parts.count >= 2, parts[0].tag == 0x06,
                      bytes(c, parts[0]) == subjectAltNameOID, let value = parts.last, value.tag == 0x04,
                      let seq = tlv(c, at: value.start), let general = children(c, seq) else { continue }
                for g in general where g.tag == 0x82 {
                    names.dnsNames.append(string(c, g))
                }
            }
        }
        return names
    }

    static func commonName(_ c: ByteCursor, _ name: TLV) -> String? {
        guard let rdns = children(c, name) else { return nil }
        var cn: String?
        for rdn in rdns {
            for attr in children(c, rdn) ?? [] {
                guard let pair = children(c, attr), pair.count == 2, pair[0].tag == 0x06,
                      bytes(c, pair[0]) == commonNameOID else { continue }
                cn = string(c, pair[1])        // the last CN is the most specific
            }
        }
        return cn
    }

    static func bytes(_ c: ByteCursor, _ t: TLV) -> [UInt8] {
        c.slice(at: t.start, count: t.end - t.start).map { Array($0) } ?? []
    }

    static func string(_ c: ByteCursor, _ t: TLV) -> String {
        String(decoding: bytes(c, t), as: UTF8.self)
    }
}
