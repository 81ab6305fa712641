// TLS handshake (RFC 8446, RFC 5246): records of type(1) version(2) length(2);
// handshake messages of type(1) length(3). Read here: ClientHello (1) with its
// extensions server_name (0, RFC 6066), ALPN (16, RFC 7301) and supported_versions
// (43); ServerHello (2) with the selected version; Certificate (11) of TLS 1.2 and
// earlier, whose DER certificates X509.swift reads. TLS 1.3 encrypts certificates.
// Handshake messages may span records; the caller hands over the reassembled
// beginning of a stream, and `needMore` says the bytes ended inside a record.

public struct TLSClientHello: Sendable, Equatable {
    public var legacyVersion: UInt16 = 0
    public var supportedVersions: [UInt16] = []
    public var serverName: String?
    public var alpn: [String] = []
}

public struct TLSServerHello: Sendable, Equatable {
    public var legacyVersion: UInt16 = 0
    /// The version the server chose: supported_versions when present, else the legacy field.
    public var selectedVersion: UInt16 = 0
    public var cipherSuite: UInt16 = 0
}

public struct TLSHandshake: Sendable {
    public var clientHello: TLSClientHello?
    public var serverHello: TLSServerHello?
    public var certificates: [X509Names] = []
    /// The DER certificates as sent (server's first), kept only when asked (`keepCertificates`).
    public var certificateDER: [[UInt8]] = []
    /// The bytes ended inside a record or handshake message.
    public var needMore = false
    public var anomaly: AnomalyCode?
    /// A non-handshake record (alert, change cipher spec, application data) was reached.
    public var sawOtherRecord = false
}

public enum TLSDecoder {
    /// Does the payload start like a TLS handshake record?
    public static func looksLikeHandshake(_ b: UnsafeRawBufferPointer) -> Bool {
        b.count >= 6 && b[0] == 0x16 && b[1] == 0x03 && b[2] <= 0x04 && (b[5] == 1 || b[5] == 2)
    }

    public static func versionName(_ v: UInt16) -> String {
        switch v {
        case 0x0300: return "SSL 3.0"
        case 0x0301: return "TLS 1.0"
        case 0x0302: return "TLS 1.1"
        case 0x0303: return "TLS 1.2"
        case 0x0304: return "TLS 1.3"
        default:
            let hex = String(v, radix: 16)
            return "0x" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }

    /// Reads the handshake messages at the start of one direction of a stream;
    /// `keepCertificates` also keeps the certificates' DER bytes (for fingerprints).
    public static func parse(_ stream: UnsafeRawBufferPointer, keepCertificates: Bool = false) -> TLSHandshake {
        var out = TLSHandshake()
        let c = ByteCursor(stream)
        // One handshake record is read where it is; the bodies of several are joined.
        var records = 0
        var first = UnsafeRawBufferPointer(start: nil, count: 0)
        var joined: [UInt8] = []
        var pos = 0
        while pos < c.count {
            guard let type = c.u8(at: pos), let len = c.u16(at: pos + 3) else { out.needMore = true; break }
            guard type >= 20 && type <= 24, c.u8(at: pos + 1) == 3 else { out.anomaly = .tlsBadHandshake; break }
            guard let body = c.slice(at: pos + 5, count: Int(len)) else { out.needMore = true; break }
            pos += 5 + Int(len)
            if type != 22 { out.sawOtherRecord = true; break }
            records += 1
            if records == 1 {
                first = body
            } else {
                if records == 2 { joined.append(contentsOf: first) }
                joined.append(contentsOf: body)
            }
        }
        if records < 2 {
            readMessages(ByteCursor(first), into: &out, keepCertificates: keepCertificates)
        } else {
            joined.withUnsafeBytes { readMessages(ByteCursor($0), into: &out, keepCertificates: keepCertificates) }
        }
        return out
    }

    static func readMessages(_ c: ByteCursor, into out: inout TLSHandshake, keepCertificates: Bool = false) {
        var pos = 0
        while pos < c.count {
            guard let type = c.u8(at: pos), let hi = c.u8(at: pos + 1), let lo = c.u16(at: pos + 2) else {
                out.needMore = !out.sawOtherRecord
                return
            }
            let len = Int(hi) << 16 | Int(lo)
            guard let body = c.slice(at: pos + 4, count: len) else {
                if !out.sawOtherRecord { out.needMore = true }
                return
            }
            let b = ByteCursor(body)
            switch type {
            case 1:
                guard let hello = clientHello(b) else { out.anomaly = .tlsBadHandshake; return }
                out.clientHello = hello
            case 2:
                guard let hello = serverHello(b) else { out.anomaly = .tlsBadHandshake; return }
                out.serverHello = hello
            case 11:
                guard let certs = certificateList(b) else { out.anomaly = .tlsBadHandshake; return }
                for der in certs {
                    if keepCertificates { out.certificateDER.append(Array(der)) }
                    if let names = X509Decoder.names(der) { out.certificates.append(names) } else { out.anomaly = .x509Malformed }
                }
            default: break
            }
            pos += 4 + len
            // Once the server's hello is done, what follows is encrypted (TLS 1.3).
            if type == 2, out.serverHello?.selectedVersion == 0x0304 { return }
        }
    }

    static func clientHello(_ c: ByteCursor) -> TLSClientHello? {
        var h = TLSClientHello()
        guard let version = c.u16(at: 0), let sidLen = c.u8(at: 34) else { return nil }
        h.legacyVersion = version
        var p = 35 + Int(sidLen)
        guard let csLen = c.u16(at: p) else { return nil }
        p += 2 + Int(csLen)
        guard let compLen = c.u8(at: p) else { return nil }
        p += 1 + Int(compLen)
        guard p < c.count else { return c.has(0, at: p) ? h : nil }      // no extensions
        guard let extLen = c.u16(at: p), c.has(Int(extLen), at: p + 2) else { return nil }
        let end = p + 2 + Int(extLen)
        p += 2
        while p + 4 <= end {
            guard let type = c.u16(at: p), let len = c.u16(at: p + 2), p + 4 + Int(len) <= end else { return nil }
            let d = p + 4
            switch type {
            case 0:        // server_name: list length(2), then type(1) length(2) name
                var q = d + 2
                while q + 3 <= d + Int(len) {
                    guard let nameType = c.u8(at: q), let nameLen = c.u16(at: q + 1),
                          let name = c.slice(at: q + 3, count: Int(nameLen)) else { return nil }
                    if nameType == 0 { h.serverName = HTTPDecoder.normalizeHost(name) }
                    q += 3 + Int(nameLen)
                }
            case 16:       // ALPN: list length(2), then length(1) protocol
                var q = d + 2
                while q < d + Int(len) {
                    guard let n = c.u8(at: q), let proto = c.slice(at: q + 1, count: Int(n)) else { return nil }
                    h.alpn.append(String(decoding: proto, as: UTF8.self))
                    q += 1 + Int(n)
                }
            case 43:       // supported_versions: length(1), then versions(2)
                guard let n = c.u8(at: d) else { return nil }
                var q = d + 1
                while q + 2 <= d + 1 + Int(n) {
                    if let v = c.u16(at: q), v & 0x0f0f != 0x0a0a { h.supportedVersions.append(v) }   // skip GREASE
                    q += 2
                }
            default: break
            }
            p = d + Int(len)
        }
        return h
    }

    static func serverHello(_ c: ByteCursor) -> TLSServerHello? {
        var h = TLSServerHello()
        guard let version = c.u16(at: 0), let sidLen = c.u8(at: 34) else { return nil }
        h.legacyVersion = version
        h.selectedVersion = version
        var p = 35 + Int(sidLen)
        guard let cipher = c.u16(at: p) else { return nil }
        h.cipherSuite = cipher
        p += 3
        guard let extLen = c.u16(at: p) else { return h }
        let end = Swift.min(c.count, p + 2 + Int(extLen))
        p += 2
        while p + 4 <= end {
            guard let type = c.u16(at: p), let len = c.u16(at: p + 2) else { break }
            if type == 43, len == 2, let v = c.u16(at: p + 4) { h.selectedVersion = v }
            p += 4 + Int(len)
        }
        return h
    }

    /// The DER certificates of a Certificate message (TLS 1.2: list length(3), then length(3) DER).
    static func certificateList(_ c: ByteCursor) -> [UnsafeRawBufferPointer]? {
        guard let hi = c.u8(at: 0), let lo = c.u16(at: 1) else { return nil }
        let end = Swift.min(c.count, 3 + (Int(hi) << 16 | Int(lo)))
        var out: [UnsafeRawBufferPointer] = []
        var p = 3
        while p + 3 <= end {
            guard let h = c.u8(at: p), let l = c.u16(at: p + 1),
                  let der = c.slice(at: p + 3, count: Int(h) << 16 | Int(l)) else { return nil }
            out.append(der)
            p += 3 + der.count
        }
        return out
    }
}
