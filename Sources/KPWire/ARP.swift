// ARP (RFC 826) for Ethernet/IPv4: htype(2) ptype(2) hlen(1) plen(1) op(2)
// sender MAC(6) sender IP(4) target MAC(6) target IP(4).
// The sender pair is a host sighting: its address and MAC, without any IP packet.

extension FrameDecoder {
    static func decodeARP(_ c: ByteCursor, at pos: Int, into f: inout Frame) {
        f.network = .arp
        guard let hlen = c.u8(at: pos + 4), let plen = c.u8(at: pos + 5), let op = c.u16(at: pos + 6) else {
            f.anomaly = cut(f, needed: pos + 8, .arpTruncated, .arpShort)
            return
        }
        guard hlen == 6, plen == 4 else { f.anomaly = .arpBadSizes; return }
        guard let smac = MACAddress.read(c, at: pos + 8), let sip = IPAddress.v4(c, at: pos + 14),
              let tip = IPAddress.v4(c, at: pos + 24) else {
            f.anomaly = cut(f, needed: pos + 28, .arpTruncated, .arpShort)
            return
        }
        f.arpOperation = op
        f.arpSenderMAC = smac
        f.src = sip
        f.dst = tip
    }
}
