// UDP (RFC 768): src port(2) dst port(2) length(2) checksum(2).

extension FrameDecoder {
    static func decodeUDP(_ c: ByteCursor, at pos: Int, end: Int, into f: inout Frame) {
        guard c.has(8, at: pos) else {
            f.anomaly = cut(f, needed: pos + 8, .udpTruncated, .udpShort)
            return
        }
        let sp = c.u16(checked: pos), dp = c.u16(checked: pos + 2), len = c.u16(checked: pos + 4)
        f.srcPort = sp
        f.dstPort = dp
        f.transportDecoded = true
        guard len >= 8, pos + Int(len) <= end else {
            // Length below the header, or beyond the IP payload: keep the ports and what was captured.
            f.anomaly = .udpBadLength
            f.payloadOffset = pos + 8
            f.payloadLength = Swift.max(0, Swift.min(end, c.count) - pos - 8)
            return
        }
        let udpEnd = pos + Int(len)
        f.payloadOffset = pos + 8
        f.payloadLength = Swift.max(0, Swift.min(udpEnd, c.count) - pos - 8)
        if udpEnd > c.count { f.payloadTruncated = true }
    }
}
