import KPWire

/// DHCP (RFC 2131/2132) offers and acks that hand out an outside router
/// (`dhcp-outside-router`) or resolver (`dhcp-outside-resolver`): warnings, the
/// network is configured to reach out. Client host names feed dual-homed matching.
final class DHCPCheck: PassiveCheck {
    let name = "dhcp"

    func observe(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        guard f.isUDP, [67, 68].contains(f.srcPort), [67, 68].contains(f.dstPort) else { return }
        let (msg, _) = DHCPDecoder.parse(p.payload, cut: f.payloadTruncated)
        guard let m = msg else { return }
        if let name = m.hostName, m.op == 1 {
            ctx.dhcpNames[name.lowercased(), default: []].append((p.outsideCapture, p.evidence, p.time))
        }
        guard m.op == 2, !p.outsideCapture else { return }
        let server = (m.serverIdentifier ?? f.src).description
        let client = m.yourAddress.isUnicast ? [m.yourAddress.description] : []
        for r in m.routers where ctx.outside(r) {
            ctx.book.add("dhcp-outside-router", .warning, inside: client + [server], outside: [r.description], time: p.time, evidence: p.evidence,
                         explanation: "DHCP server \(server) gives clients \(r), an outside address, as their router.")
        }
        for r in m.dnsServers where ctx.outside(r) {
            ctx.book.add("dhcp-outside-resolver", .warning, inside: client + [server], outside: [r.description], time: p.time, evidence: p.evidence,
                         explanation: "DHCP server \(server) gives clients \(r), an outside address, as their resolver.")
        }
    }

    func finish(_ ctx: CheckContext) {}
}
