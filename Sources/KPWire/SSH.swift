// SSH identification string (RFC 4253 §4.2): `SSH-protoversion-softwareversion SP comments`.
// Both sides send one; the software is everything after the second hyphen.

extension Banners {
    static let ssh = BannerProtocol(
        service: "ssh", ports: [22, 2222],
        server: { line in
            guard line.hasPrefix("SSH-") else { return nil }
            return BannerMatch(confidence: .strong, software: software(line))
        },
        client: { $0.text.hasPrefix("SSH-") })

    /// The third part of `line.split(separator: "-", maxSplits: 2)` (the rest of the
    /// line, hyphens included), nil without one. On ASCII, bytes split as Characters do.
    static func software(_ line: String) -> String? {
        var line = line
        let ascii: String?? = line.withUTF8 { b in
            guard !b.contains(where: { $0 >= 0x80 }) else { return nil }
            // split skips empty parts: two non-empty ones, then the rest if not empty.
            var parts = 0, start = 0, i = 0
            while i < b.count && parts < 2 {
                if b[i] == UInt8(ascii: "-") {
                    if i > start { parts += 1 }
                    start = i + 1
                }
                i += 1
            }
            guard parts == 2 && start < b.count else { return .some(nil) }
            return String(decoding: UnsafeBufferPointer(rebasing: b[start...]), as: UTF8.self)
        }
        if let ascii { return ascii }
        let parts = line.split(separator: "-", maxSplits: 2)
        return parts.count == 3 ? String(parts[2]) : nil
    }
}

// SSH key exchange in clear (RFC 4253 §6, §7, §8; RFC 5656 §4; RFC 4419 §3): after
// the identification line, binary packets of length(4) padding length(1) payload
// padding, not encrypted until NEWKEYS (21). The server's host key K_S is the first
// string of KEXDH_REPLY / KEX_ECDH_REPLY (31) or KEX_DH_GEX_REPLY (33); in the group
// exchange, 31 is KEX_DH_GEX_GROUP instead, whose first string (the prime p) is not
// a key blob, which the key type at the blob's start tells apart.

/// What the server side of an SSH stream shows before encryption starts.
public struct SSHServerKex: Sendable, Equatable {
    /// The identification line (`SSH-2.0-OpenSSH_9.6p1 Ubuntu-3`), without CR LF.
    public var identification: String?
    /// The host key blob K_S (as in `known_hosts`, before base64).
    public var hostKey: [UInt8]?
    /// The key type named in the blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`).
    public var hostKeyType: String?
    /// The bytes ended before the host key or NEWKEYS.
    public var needMore = false
}

public enum SSHDecoder {
    /// Reads the beginning of the server-to-client direction of an SSH stream.
    public static func serverKex(_ stream: UnsafeRawBufferPointer) -> SSHServerKex {
        var out = SSHServerKex()
        let c = ByteCursor(stream)
        var pos = 0
        // Lines before the identification are allowed (RFC 4253 §4.2), at most a few.
        for _ in 0 ..< 16 {
            guard let nl = stream[pos...].firstIndex(of: 0x0a) else {
                out.needMore = stream.count - pos < 8192
                return out
            }
            var line = UnsafeRawBufferPointer(rebasing: stream[pos ..< nl])
            if line.last == 0x0d { line = UnsafeRawBufferPointer(rebasing: line[..<(line.count - 1)]) }
            pos = nl + 1
            if line.starts(with: "SSH-".utf8) {
                out.identification = String(decoding: line, as: UTF8.self)
                break
            }
        }
        guard out.identification != nil else { return out }
        while pos < c.count {
            guard let len32 = c.u32(at: pos) else { out.needMore = true; return out }
            let len = Int(len32)
            guard len >= 5, len <= 35000 else { return out }
            guard c.has(4 + len, at: pos), let pad = c.u8(at: pos + 4), let msg = c.u8(at: pos + 5) else { out.needMore = true; return out }
            let payloadEnd = pos + 4 + len - Int(pad)
            guard payloadEnd > pos + 5 else { return out }
            if msg == 21 { return out }                                  // NEWKEYS: encrypted from here
            if msg == 31 || msg == 33, let klen = c.u32(at: pos + 6), pos + 10 + Int(klen) <= payloadEnd,
               let blob = c.slice(at: pos + 10, count: Int(klen)), let type = keyType(blob) {
                out.hostKey = Array(blob)
                out.hostKeyType = type
                return out
            }
            pos += 4 + len
        }
        out.needMore = true
        return out
    }

    /// The key type at the start of a host key blob, when it names one.
    static func keyType(_ blob: UnsafeRawBufferPointer) -> String? {
        let c = ByteCursor(blob)
        guard let n = c.u32(at: 0), (3 ... 64).contains(n), let t = c.slice(at: 4, count: Int(n)),
              t.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else { return nil }
        let s = String(decoding: t, as: UTF8.self)
        return ["ssh-", "ecdsa-", "sk-", "rsa-", "x509v3-", "pgp-"].contains(where: s.hasPrefix) ? s : nil
    }
}
