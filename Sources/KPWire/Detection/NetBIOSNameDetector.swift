// NetBIOS name service (RFC 1002 §4.2): a 12-byte header (transaction id, R bit,
// opcode (4 bits) and flags, QD/AN/NS/AR counts), then a first-level encoded name
// (RFC 1001 §14.1: 0x20, 32 letters 'A'…'P', scope labels, 0), type NB (0x20) or
// NBSTAT (0x21), class IN. A registration (opcode 5), refresh (8, 9) or release (6)
// names its sender, as does a positive answer to a query (the owner answers in
// broadcast mode); group names (a workgroup) and names other than a workstation's
// (suffix 0x00) or server's (0x20) name no host.

public struct NetBIOSNameDetector: ProtocolDetector {
    public let about = DetectorAbout("netbios-ns", [.udp], ports: [137])

    public init() {}

    static let opcodes: [UInt8: String] = [0: "query", 5: "registration", 6: "release", 7: "wack", 8: "refresh", 9: "refresh"]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        let c = input.cursor
        guard let flags = c.u16(at: 2), let qd = c.u16(at: 4), let an = c.u16(at: 6), let ns = c.u16(at: 8), let ar = c.u16(at: 10),
              qd <= 1, an <= 1, ns == 0, ar <= 1, qd + an == 1 else { return nil }
        let response = flags & 0x8000 != 0, opcode = UInt8(flags >> 11 & 0x0f), rcode = flags & 0x0f
        guard let kind = Self.opcodes[opcode], response == (an == 1), let name = NetBIOSName.read(p, at: 12),
              let type = c.u16(at: name.end), type == 0x20 || type == 0x21, c.u16(at: name.end + 2) == 1 else { return nil }
        var pos = name.end + 4
        var nbFlags: UInt16 = 0
        if an == 0 && ar == 1 {
            // The additional record of a registration: the name again (often a pointer 0xc00c), type NB, class IN.
            if let b = c.u8(at: pos), b & 0xc0 == 0xc0 { pos += 2 } else if let again = NetBIOSName.read(p, at: pos) { pos = again.end } else { return nil }
            guard c.u16(at: pos) == 0x20, c.u16(at: pos + 2) == 1 else { return nil }
            pos += 4
        }
        if an == 1 || ar == 1 {
            // TTL, RDLENGTH, then NB_FLAGS (G bit 0x8000: a group name) and the address.
            guard let rdlength = c.u16(at: pos + 4), c.has(Int(rdlength), at: pos + 6) else { return nil }
            if rdlength >= 6, type == 0x20 { nbFlags = c.u16(at: pos + 6) ?? 0 }
            pos += 6 + Int(rdlength)
        }
        guard pos == c.count else { return nil }
        let unique = nbFlags & 0x8000 == 0
        let owns = ((!response && opcode != 0 && ar == 1) || (response && opcode == 0 && rcode == 0 && type == 0x20)) && unique
        let host = owns && (name.suffix == 0x00 || name.suffix == 0x20) && !name.name.isEmpty && name.name != "*"
        return verdict(.strong, names: host ? [name.name] : [], fields: [DetectionField("opcode", kind)])
    }
}

/// A first-level encoded NetBIOS name (RFC 1001 §14.1) and the offset after it.
struct NetBIOSName {
    var name: String
    var suffix: UInt8
    var end: Int

    /// The name at `pos`: 0x20, 32 letters, then scope labels up to a 0 byte.
    static func read(_ p: UnsafeRawBufferPointer, at pos: Int) -> NetBIOSName? {
        let c = ByteCursor(p)
        guard c.u8(at: pos) == 0x20 else { return nil }
        var bytes: [UInt8] = []
        for i in 0 ..< 16 {
            guard let a = c.u8(at: pos + 1 + 2 * i), let b = c.u8(at: pos + 2 + 2 * i),
                  (0x41 ... 0x50).contains(a), (0x41 ... 0x50).contains(b) else { return nil }
            bytes.append((a - 0x41) << 4 | (b - 0x41))
        }
        var end = pos + 33
        while let n = c.u8(at: end), n != 0 {
            guard n < 64, c.has(Int(n) + 1, at: end) else { return nil }
            end += 1 + Int(n)
        }
        guard c.u8(at: end) == 0 else { return nil }
        let text = bytes[0 ..< 15].reversed().drop { $0 == 0x20 }.reversed()
        guard text.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else { return nil }
        return NetBIOSName(name: String(decoding: text, as: UTF8.self), suffix: bytes[15], end: end + 1)
    }
}
