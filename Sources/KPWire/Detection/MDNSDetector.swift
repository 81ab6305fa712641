// Multicast DNS (RFC 6762 §18): DNS messages (KPWire's DNS decoder) to or from port
// 5353, opcode 0. A response's address records (A, AAAA) name the host that answers:
// a responder answers for its own names ("printer.local").

public struct MDNSDetector: ProtocolDetector {
    public let about = DetectorAbout("mdns", [.udp], ports: [5353])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        guard input.senderPort == 5353 || input.receiverPort == 5353,
              let names = DNSOverUDP.names(input.payload, maxQuestions: 64) else { return nil }
        return verdict(.strong, names: names)
    }
}

/// What mDNS and LLMNR read of a DNS message: it must parse without an anomaly.
enum DNSOverUDP {
    /// The owner names of a response's A and AAAA answers (none for a query); nil when
    /// the bytes are no DNS message of opcode 0 with at most `maxQuestions` questions.
    static func names(_ payload: UnsafeRawBufferPointer, maxQuestions: Int) -> [String]? {
        guard payload.count >= 12, let m = DNSDecoder.parse(payload, extraSections: .checkedOnly), m.anomaly == nil, m.opcode == 0,
              m.questions.count <= maxQuestions, !(m.questions.isEmpty && m.answers.isEmpty) else { return nil }
        // A query's answers are known answers (RFC 6762 §7.1), the sender's cache: no names.
        guard m.isResponse else { return [] }
        var names: [String] = []
        for r in m.answers where (r.type == DNSType.a || r.type == DNSType.aaaa) && !names.contains(r.name) && names.count < 8 {
            names.append(r.name)
        }
        return names
    }
}
