// Linux "cooked" captures (`tcpdump -i any`).
// SLL (DLT 113): packet type(2) ARPHRD type(2) address length(2) address(8) protocol(2).
// SLL2 (DLT 276): protocol(2) reserved(2) ifindex(4) ARPHRD type(2) packet type(1)
//                 address length(1) address(8).
// The address is the sender's link address; with ARPHRD_ETHER (1) and length 6 it is a MAC.

extension FrameDecoder {
    static func decodeSLL(_ c: ByteCursor, into f: inout Frame) {
        guard let hatype = c.u16(at: 2), let halen = c.u16(at: 4), let proto = c.u16(at: 14) else {
            f.anomaly = cut(f, needed: 16, .sllTruncated, .sllShort)
            return
        }
        decodeSLLPayload(proto, hatype: hatype, halen: Int(halen), c, addressAt: 6, payloadAt: 16, into: &f)
    }

    static func decodeSLL2(_ c: ByteCursor, into f: inout Frame) {
        guard let proto = c.u16(at: 0), let hatype = c.u16(at: 8), let halen = c.u8(at: 11),
              c.has(20, at: 0) else {
            f.anomaly = cut(f, needed: 20, .sllTruncated, .sllShort)
            return
        }
        decodeSLLPayload(proto, hatype: hatype, halen: Int(halen), c, addressAt: 12, payloadAt: 20, into: &f)
    }

    /// Takes the sender's MAC when the address is one, then the payload. SLL's protocol
    /// field is an EtherType, except for a few Linux-internal values (e.g. 0x0004 for
    /// 802.2 LLC frames), which stay "other".
    private static func decodeSLLPayload(_ proto: UInt16, hatype: UInt16, halen: Int, _ c: ByteCursor,
                                         addressAt: Int, payloadAt pos: Int, into f: inout Frame) {
        if hatype == 1 && halen == 6, let mac = MACAddress.read(c, at: addressAt) {
            f.macSrc = mac
            f.hasMAC = true
        }
        if proto < 0x0600 { f.network = .other; return }
        decodeEtherType(proto, c, at: pos, into: &f)
    }
}
