// L2TP version 2 (RFC 2661 §3.1, §4.1): a control message's flags and version are
// T=1, L=1, S=1, O=0, version 2 (0xc802); then length (the datagram's), tunnel id,
// session id, Ns, Nr and the AVPs: M/H bits and a 10-bit length (at least 6), vendor
// id, attribute type, value, walking to the end. The first AVP is the Message Type
// (vendor 0, type 0, 8 bytes); an empty message is a ZLB acknowledgement. Host Name
// (7) names the sender, Vendor Name (8) is its software.

public struct L2TPDetector: ProtocolDetector {
    public let about = DetectorAbout("l2tp", [.udp], ports: [1701])

    public init() {}

    static let messages: [UInt16: String] = [1: "sccrq", 2: "sccrp", 3: "scccn", 4: "stopccn", 6: "hello", 7: "ocrq", 8: "ocrp",
                                             9: "occn", 10: "icrq", 11: "icrp", 12: "iccn", 14: "cdn", 15: "wen", 16: "sli"]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        let c = input.cursor
        guard c.u16(at: 0).map({ $0 & 0xcb0f }) == 0xc802, let length = c.u16(at: 2), Int(length) == c.count, length >= 12 else { return nil }
        if length == 12 {
            return input.senderPort == 1701 || input.receiverPort == 1701 ? verdict(.weak, fields: [DetectionField("message", "zlb")]) : nil
        }
        guard let first = c.u16(at: 12), first & 0x03ff == 8, c.u16(at: 14) == 0, c.u16(at: 16) == 0,
              let type = c.u16(at: 18), let kind = Self.messages[type] else { return nil }
        var pos = 12
        var names: [String] = [], software: String?
        while pos < c.count {
            guard let header = c.u16(at: pos), let vendor = c.u16(at: pos + 2), let attr = c.u16(at: pos + 4) else { return nil }
            let n = Int(header & 0x03ff)
            guard n >= 6, c.has(n, at: pos) else { return nil }
            if vendor == 0, header & 0x4000 == 0, attr == 7, let host = DetectorBytes.text(p, pos + 6 ..< pos + n, max: 255) { names.append(host) }
            if vendor == 0, header & 0x4000 == 0, attr == 8 { software = DetectorBytes.text(p, pos + 6 ..< pos + n) }
            pos += n
        }
        guard pos == c.count else { return nil }
        return verdict(.strong, software: software, names: names, fields: [DetectionField("message", kind)])
    }
}
