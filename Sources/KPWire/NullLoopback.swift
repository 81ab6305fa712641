// BSD loopback encapsulation: a 4-byte address family before the IP header.
// DLT_NULL stores it in the capturing host's byte order (so either order is read);
// DLT_LOOP stores it in network byte order. AF_INET is 2 everywhere; AF_INET6 is
// 10 (Linux), 24 (NetBSD/OpenBSD), 28 (FreeBSD) or 30 (macOS).

extension FrameDecoder {
    static func decodeNull(_ c: ByteCursor, bigEndianOnly: Bool, into f: inout Frame) {
        guard let be = c.u32(at: 0), let le = c.u32le(at: 0) else {
            f.anomaly = cut(f, needed: 4, .nullTruncated, .nullShort)
            return
        }
        let candidates = bigEndianOnly ? [be] : [be, le]
        for family in candidates {
            switch family {
            case 2, 10, 24, 28, 30:
                decodeIP(c, at: 4, into: &f)
                return
            default: continue
            }
        }
        f.anomaly = .nullUnknownFamily
    }
}
