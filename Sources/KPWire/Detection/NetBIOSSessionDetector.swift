// NetBIOS session service (RFC 1002 §4.3.2): a SESSION REQUEST is type 0x81, flags,
// a 16-bit length, then the called and the calling name, each first-level encoded
// (RFC 1001 §14.1: length 32, 32 letters 'A'…'P' two per byte, a 0 label). The names
// are the receiver's and the sender's NetBIOS names.

public struct NetBIOSSessionDetector: ProtocolDetector {
    public let about = DetectorAbout("netbios-ssn", [.tcp], ports: [139])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard input.mayBeClient, c.u8(at: 0) == 0x81, c.u8(at: 1) == 0, c.u16(at: 2) == 68, c.count == 72,
              let called = Self.name(input.payload, at: 4), let calling = Self.name(input.payload, at: 38) else { return nil }
        return verdict(.strong, names: calling.isEmpty ? [] : [calling], peerNames: called.isEmpty || called == "*SMBSERVER" ? [] : [called])
    }

    /// A first-level encoded name at `pos` (0x20, 32 letters, 0x00), without its suffix byte and trailing spaces.
    static func name(_ p: UnsafeRawBufferPointer, at pos: Int) -> String? {
        let c = ByteCursor(p)
        guard c.u8(at: pos) == 0x20, c.u8(at: pos + 33) == 0 else { return nil }
        var bytes: [UInt8] = []
        for i in 0 ..< 16 {
            guard let a = c.u8(at: pos + 1 + 2 * i), let b = c.u8(at: pos + 2 + 2 * i),
                  (0x41 ... 0x50).contains(a), (0x41 ... 0x50).contains(b) else { return nil }
            bytes.append((a - 0x41) << 4 | (b - 0x41))
        }
        let name = bytes[0 ..< 15].reversed().drop { $0 == 0x20 }.reversed()
        guard name.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) else { return nil }
        return String(decoding: name, as: UTF8.self)
    }
}
