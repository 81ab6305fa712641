// Ethernet II (IEEE 802.3): dst MAC(6) src MAC(6) EtherType(2). A type below 0x0600
// is an 802.3 length (LLC follows): kept as "other" network.

extension FrameDecoder {
    static func decodeEthernet(_ c: ByteCursor, into f: inout Frame) {
        guard let dst = MACAddress.read(c, at: 0), let src = MACAddress.read(c, at: 6),
              let type = c.u16(at: 12) else {
            f.anomaly = cut(f, needed: 14, .ethernetTruncated, .ethernetShort)
            return
        }
        f.macDst = dst
        f.macSrc = src
        f.hasMAC = true
        if type < 0x0600 { f.network = .other; return }
        decodeEtherType(type, c, at: 14, into: &f)
    }
}
