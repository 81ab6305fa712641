// Ethernet II (IEEE 802.3): dst MAC(6) src MAC(6) EtherType(2). A type below 0x0600
// is an 802.3 length (LLC follows): kept as "other" network.

extension FrameDecoder {
    static func decodeEthernet(_ c: ByteCursor, into f: inout Frame) {
        guard c.has(14, at: 0) else {
            f.anomaly = cut(f, needed: 14, .ethernetTruncated, .ethernetShort)
            return
        }
        let type = c.u16(checked: 12)
        f.macDst = MACAddress(UInt64(c.u16(checked: 0)) << 32 | UInt64(c.u32(checked: 2)))
        f.macSrc = MACAddress(UInt64(c.u16(checked: 6)) << 32 | UInt64(c.u32(checked: 8)))
        f.hasMAC = true
        if type < 0x0600 { f.network = .other; return }
        decodeEtherType(type, c, at: 14, into: &f)
    }
}
