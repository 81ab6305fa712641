import KPScope
import KPWire

/// Zone transfer over TCP: "allowed" with the records when the server sends the
/// zone, "refused" when it answers with an error or closes without an answer.
public struct AXFRProbe: ProbeModule {
    public let info = ProbeInfo(.axfr, .stream, .tcp, fields: ["allowed", "rcode", "records"],
                                help: "AXFR of each zone from each authoritative server: allowed (with its records) or refused")
    public init() {}

    public func build(_ t: InScope<ProbeTarget>, _ ctx: ProbeContext) -> [UInt8] {
        DNSWire.overTCP(DNSWire.query(t.target, name: t.target.name ?? "kp", type: DNSType.axfr, ctx))
    }

    /// Done at an error answer or at the closing SOA (a transfer starts and ends with it).
    public func complete(_ reply: [UInt8]) -> Bool {
        let ms = DNSWire.tcpMessages(reply)
        if ms.contains(where: { $0.rcode != 0 }) { return true }
        return ms.flatMap(\.answers).filter { $0.type == DNSType.soa }.count >= 2
    }

    /// An empty reply (closed without answering) is a refusal too.
    public func validate(_: [UInt8], from t: ProbeTarget, _: ProbeContext) -> ProbeTarget? { t }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> ZoneTransfer? {
        let ms = DNSWire.tcpMessages(reply)
        let records = ms.flatMap(\.answers)
        let rcode = ms.first.map { DNSWire.rcodeName($0.rcode) } ?? "closed"
        let allowed = rcode == "NOERROR" && records.contains { $0.type == DNSType.soa }
        return ZoneTransfer(allowed: allowed, rcode: rcode, records: allowed ? records : [])
    }
}
