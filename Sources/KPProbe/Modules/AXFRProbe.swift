import KPWire

/// Zone transfer over TCP: "allowed" with the records when the server sends the
/// zone, "refused" when it answers with an error or closes without an answer.
public struct AXFRProbe: ProbeModule {
    public init() {}
    public var name: String { "axfr" }
    public var help: String { "AXFR of each zone from each authoritative server: allowed (with its records) or refused" }
    public var layer: ProbeLayer { .stream }
    public var transport: String { "tcp" }
    public var outputFields: [String] { ["axfr", "rcode", "records"] }

    public func build(_ t: ProbeTarget, _ ctx: ProbeContext) -> [UInt8] {
        let zone = t.name ?? "kp"
        let q = DNSWire.query(id: DNSWire.id(ctx.cookie, server: t.addr, name: zone, type: DNSType.axfr), name: zone, type: DNSType.axfr)
        return [UInt8(q.count >> 8), UInt8(q.count & 0xff)] + q
    }

    /// The DNS messages of a TCP stream (each after its 2-byte length).
    static func messages(_ b: [UInt8]) -> [DNSMessage] {
        var out: [DNSMessage] = []
        var p = 0
        while let len = Packets.u16(b, p), p + 2 + Int(len) <= b.count {
            if let m = DNSWire.parse(Array(b[p + 2 ..< p + 2 + Int(len)])) { out.append(m) }
            p += 2 + Int(len)
        }
        return out
    }

    /// Done at an error answer or at the closing SOA (a transfer starts and ends with it).
    public func complete(_ reply: [UInt8]) -> Bool {
        let ms = AXFRProbe.messages(reply)
        if ms.contains(where: { $0.rcode != 0 }) { return true }
        return ms.flatMap(\.answers).filter { $0.type == DNSType.soa }.count >= 2
    }

    /// An empty reply (closed without answering) is a refusal too.
    public func validate(_: [UInt8], from t: ProbeTarget, _: ProbeContext) -> ProbeTarget? { t }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> [String: String]? {
        let ms = AXFRProbe.messages(reply)
        let records = ms.flatMap(\.answers)
        let rcode = ms.first.map { DNSWire.rcodeName($0.rcode) } ?? "closed"
        let allowed = rcode == "NOERROR" && records.contains { $0.type == DNSType.soa }
        return ["axfr": allowed ? "allowed" : "refused", "rcode": rcode, "records": allowed ? DNSWire.recordLines(records) : ""]
    }
}
