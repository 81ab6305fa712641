// UDP (RFC 768): src port(2) dst port(2) length(2) checksum(2).

extension FrameDecoder {
    static func decodeUDP(_ c: ByteCursor, at pos: Int, end: Int, into f: inout Frame) {
        guard decodePorts(c, at: pos, header: 8, into: &f, .udpTruncated, .udpShort) else { return }
        let len = c.u16(checked: pos + 4)
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

    /// Reads the source and destination ports that open a TCP or UDP header of at
    /// least `header` bytes; false (the anomaly set) when the header is not all there.
    @inline(__always)
    static func decodePorts(_ c: ByteCursor, at pos: Int, header: Int, into f: inout Frame,
                            _ truncated: AnomalyCode, _ short: AnomalyCode) -> Bool {
        guard c.has(header, at: pos) else {
            f.anomaly = cut(f, needed: pos + header, truncated, short)
            return false
        }
        f.srcPort = c.u16(checked: pos)
        f.dstPort = c.u16(checked: pos + 2)
        return true
    }
}
