// TCP (RFC 9293): src port(2) dst port(2) seq(4) ack(4) data offset/flags(2)
// window(2) checksum(2) urgent(2) options. Options read: MSS (2), window scale
// (3, RFC 7323), SACK permitted (4) and SACK (5, RFC 2018), timestamps (8, RFC 7323).

extension FrameDecoder {
    static func decodeTCP(_ c: ByteCursor, at pos: Int, end: Int, into f: inout Frame) {
        guard decodePorts(c, at: pos, header: 20, into: &f, .tcpTruncated, .tcpShort) else { return }
        let seq = c.u32(checked: pos + 4), ack = c.u32(checked: pos + 8)
        let offFlags = c.u16(checked: pos + 12), win = c.u16(checked: pos + 14)
        f.tcpSeq = seq
        f.tcpAck = ack
        f.tcpFlags = UInt8(truncatingIfNeeded: offFlags)
        f.tcpWindow = win
        let hlen = Int(offFlags >> 12) * 4
        guard hlen >= 20, pos + hlen <= end else { f.anomaly = .tcpBadDataOffset; return }
        guard c.has(hlen, at: pos) else {
            f.anomaly = cut(f, needed: pos + hlen, .tcpTruncated, .tcpShort)
            return
        }
        f.transportDecoded = true
        if hlen == 32 && c.u32(checked: pos + 20) == 0x0101_080a {
            // The layout of almost every segment after the handshake: NOP, NOP, timestamps.
            f.tcpOptions.hasTimestamp = true
            f.tcpOptions.tsVal = c.u32(checked: pos + 24)
            f.tcpOptions.tsEcr = c.u32(checked: pos + 28)
        } else if hlen > 20 && !readOptions(c, from: pos + 20, to: pos + hlen, into: &f.tcpOptions) {
            f.anomaly = .tcpBadOption
        }
        f.payloadOffset = pos + hlen
        f.payloadLength = Swift.max(0, Swift.min(end, c.count) - f.payloadOffset)
    }

    static func readOptions(_ c: ByteCursor, from start: Int, to end: Int, into o: inout TCPOptions) -> Bool {
        forEachOption(c, from: start, to: end) { kind, p, len in
            switch kind {
            case 2 where len == 4: o.mss = c.u16(at: p + 2) ?? 0
            case 3 where len == 3: o.windowScale = c.u8(at: p + 2) ?? 0xff
            case 4 where len == 2: o.sackPermitted = true
            case 8 where len == 10:
                o.hasTimestamp = true
                o.tsVal = c.u32(at: p + 2) ?? 0
                o.tsEcr = c.u32(at: p + 6) ?? 0
            case 2, 3, 4, 8: return false
            default: break
            }
            return true
        }
    }
}
