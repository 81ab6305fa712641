import KPModel
import KPWire

/// With an outside capture as well: packets that crossed, and hosts on both sides.
/// An inside source address on the outside capture was routed out unchanged
/// (`forwarding`); an inside packet seen outside with its source rewritten to an
/// outside address was translated (`nat`, the translating address named); the same
/// MAC or DHCP host name on both sides is one machine on both networks (`dual-homed`).
/// All breaches. TCP segments are matched by destination, port and sequence number,
/// other packets by destination, protocol, port, IP ID and length.
final class CrossingCheck: PassiveCheck {
    let name = "crossing"

    struct Match: Hashable { var dst: IPAddress; var proto: UInt8; var port: UInt16; var tag: UInt32; var len: Int }
    /// Packets from outside-side sources on the outside capture, by match key.
    var outsideSent: [Match: (src: IPAddress, time: Int64, evidence: Evidence)] = [:]
    /// Source MACs of each side, with the first evidence.
    var macs: [Bool: [MACAddress: Evidence]] = [true: [:], false: [:]]
    var sawOutside = false

    static func key(_ f: Frame) -> Match? {
        if f.isTCP { return Match(dst: f.dst, proto: 6, port: f.dstPort, tag: f.tcpSeq, len: f.payloadLength) }
        guard f.network == .ipv4 else { return nil }
        return Match(dst: f.dst, proto: f.proto, port: f.isUDP ? f.dstPort : 0, tag: f.ipID, len: f.payloadLength)
    }

    func observe(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        if f.hasMAC, f.macSrc.isUnicast, f.network != .none, macs[p.outsideCapture]![f.macSrc] == nil {
            macs[p.outsideCapture]![f.macSrc] = p.evidence
        }
        guard f.network == .ipv4 || f.network == .ipv6 else { return }
        if p.outsideCapture {
            sawOutside = true
            if ctx.inside(f.src), !ctx.inside(f.dst) {
                let bridge = ctx.hostName(mac: f.hasMAC ? f.macSrc : nil, outsideCapture: true)
                ctx.book.add("forwarding", .breach, inside: [f.src.description], outside: [f.dst.description], bridge: bridge, time: p.time,
                             evidence: p.evidence,
                             explanation: "\(f.src), an inside address, appears on the outside capture sending to \(f.dst): \(bridge ?? "a router") forwards it out unchanged.")
            } else if ctx.outside(f.src), let k = CrossingCheck.key(f), outsideSent[k] == nil {
                outsideSent[k] = (f.src, p.time, p.evidence)
            }
            return
        }
        guard sawOutside, ctx.inside(f.src), ctx.outside(f.dst), let k = CrossingCheck.key(f), let o = outsideSent[k] else { return }
        guard abs(o.time - p.time) < 60_000_000_000 else { return }   // capture clocks may differ by seconds
        ctx.book.add("nat", .breach, inside: [f.src.description], outside: [f.dst.description], bridge: o.src.description, time: p.time,
                     evidence: p.evidence,
                     explanation: "\(f.src)'s packet to \(f.dst) left the intranet with its source rewritten to \(o.src): a NAT at \(o.src) carries inside hosts out.")
        ctx.book.add("nat", .breach, inside: [f.src.description], outside: [f.dst.description], bridge: o.src.description, time: o.time,
                     evidence: o.evidence, explanation: "", count: 0)
    }

    func finish(_ ctx: CheckContext) {
        guard sawOutside else { return }
        for (mac, inEv) in macs[false]! {
            guard let outEv = macs[true]![mac] else { continue }
            let inName = ctx.arpInside[mac]?.description, outName = ctx.arpOutside[mac]?.description
            ctx.book.add("dual-homed", .breach, inside: inName.map { [$0] } ?? [], outside: outName.map { [$0] } ?? [],
                         bridge: inName ?? outName ?? "mac \(mac)", time: nil, evidence: inEv,
                         explanation: "MAC \(mac) sends on both the inside and the outside capture: one machine on both networks.")
            ctx.book.add("dual-homed", .breach, inside: inName.map { [$0] } ?? [], outside: outName.map { [$0] } ?? [],
                         bridge: inName ?? outName ?? "mac \(mac)", time: nil, evidence: outEv, explanation: "", count: 0)
        }
        for (name, sightings) in ctx.dhcpNames {
            guard let i = sightings.first(where: { !$0.outside }), let o = sightings.first(where: { $0.outside }) else { continue }
            ctx.book.add("dual-homed", .breach, inside: [], outside: [], bridge: "dhcp host name \(name)", time: i.time, evidence: i.evidence,
                         explanation: "DHCP host name \(name) asks for an address on both the inside and the outside capture: one machine on both networks.")
            ctx.book.add("dual-homed", .breach, inside: [], outside: [], bridge: "dhcp host name \(name)", time: o.time, evidence: o.evidence,
                         explanation: "", count: 0)
        }
    }
}
