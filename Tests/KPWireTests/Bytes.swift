import KPWire

/// Builds test packets from hex text ("0a 00 00 01", spaces ignored).
func hex(_ s: String) -> [UInt8] {
    let digits = s.filter { !$0.isWhitespace }
    var out: [UInt8] = []
    var i = digits.startIndex
    while i < digits.endIndex {
        let j = digits.index(i, offsetBy: 2)
        out.append(UInt8(digits[i ..< j], radix: 16)!)
        i = j
    }
    return out
}

func decode(_ bytes: [UInt8], link: Int32 = LinkType.ethernet, wire: Int? = nil) -> Frame {
    bytes.withUnsafeBytes { FrameDecoder.decode(linkType: link, bytes: $0, wireLength: wire ?? bytes.count) }
}

/// An IPv4 header (20 bytes, no options) for `proto` carrying `payload` bytes.
func ipv4(src: String = "0a000001", dst: String = "0a000002", proto: UInt8, payloadLength: Int, id: UInt16 = 0x1234, frag: UInt16 = 0x4000) -> [UInt8] {
    let total = 20 + payloadLength
    return [0x45, 0x00, UInt8(total >> 8), UInt8(total & 0xff), UInt8(id >> 8), UInt8(id & 0xff),
            UInt8(frag >> 8), UInt8(frag & 0xff), 64, proto, 0, 0] + hex(src) + hex(dst)
}

let ethernetIPv4Header = hex("02 00 00 00 00 02  02 00 00 00 00 01  08 00")

/// A UDP header from `sp` to `dp` for `payload`.
func udp(_ sp: UInt16, _ dp: UInt16, _ payload: [UInt8]) -> [UInt8] {
    let len = 8 + payload.count
    return [UInt8(sp >> 8), UInt8(sp & 0xff), UInt8(dp >> 8), UInt8(dp & 0xff), UInt8(len >> 8), UInt8(len & 0xff), 0, 0] + payload
}
