// IEEE 802.1Q tags and 802.1ad (QinQ) stacks: TCI(2) EtherType(2) per tag.
// The outer two VLAN IDs are kept (outer << 12 | inner); deeper stacks are decoded
// through and counted as `vlan_too_many_tags`.

extension FrameDecoder {
    static let maxVLANTags = 8

    static func decodeVLAN(_ c: ByteCursor, at pos: Int, type: UInt16, into f: inout Frame) {
        var pos = pos
        var type = type
        while type == 0x8100 || type == 0x88a8 || type == 0x9100 {
            guard let tci = c.u16(at: pos), let next = c.u16(at: pos + 2) else {
                f.anomaly = cut(f, needed: pos + 4, .vlanTruncated, .vlanShort)
                return
            }
            if f.vlanTags >= maxVLANTags { f.anomaly = .vlanTooManyTags; return }
            if f.vlanTags < 2 { f.vlan = f.vlan << 12 | UInt32(tci & 0x0fff) }
            f.vlanTags += 1
            pos += 4
            type = next
        }
        decodeEtherType(type, c, at: pos, into: &f)
    }
}
