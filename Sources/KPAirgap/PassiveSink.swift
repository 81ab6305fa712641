import KPCapture
import KPCensus
import KPWire

/// The passive air-gap analysis as a sink of a session: every passive check sees each
/// packet of the inside and outside captures, decoded once by the session.
/// Feed the outside captures first: the crossing check matches inside packets against them.
public final class PassiveSink {
    let ctx: CheckContext
    let checks: [PassiveCheck]
    let log: (String) -> Void
    private var files: [PassiveCoverage.File] = []
    private var total = 0
    private var first: Int64?, last: Int64?
    /// The input being read: its path, its side, its packets so far.
    private var path = ""
    private var outsideSide = false
    private var packets = 0

    /// `log` receives a line per file read (`--verbose`).
    public init(scope: InsideScope, log: @escaping (String) -> Void = { _ in }) {
        ctx = CheckContext(scope: scope)
        checks = PassiveSink.checks()
        self.log = log
    }

    /// The checks, in the order they see packets.
    static func checks() -> [PassiveCheck] {
        [OutsideTrafficCheck(), DNSCheck(), HTTPProxyCheck(), ICMPCheck(), TTLCheck(), IPv6Check(), TunnelCheck(),
         DHCPCheck(), NTPWPADCheck(), CrossingCheck(), IdentityCheck()]
    }

    /// A capture starts: its path names the evidence, its side tells inside from outside.
    public func begin(path: String, outside: Bool) {
        self.path = path
        outsideSide = outside
        packets = 0
    }

    /// One packet and its frame.
    public func ingest(_ r: PacketRecord, frame: Frame) {
        packets += 1
        first = min(first ?? r.timestamp, r.timestamp)
        last = max(last ?? r.timestamp, r.timestamp)
        let p = Packet(frame: frame, bytes: r.bytes, time: r.timestamp, file: path, index: r.packetIndex, outsideCapture: outsideSide)
        PassiveSink.learn(p, ctx)
        for c in checks { c.observe(p, ctx) }
    }

    /// The capture begun last has ended as `end`.
    public func end(_ end: ReadEnd) {
        total += packets
        let endText: String
        switch end {
        case .complete: endText = "complete"
        case let .cut(offset, _): endText = "cut at byte \(offset): the file ends inside a packet"
        case let .corrupt(offset, detail): endText = "stopped at byte \(offset): \(detail)"
        }
        let side = outsideSide ? "outside" : "inside"
        files.append(.init(path: path, side: side, packets: packets, end: endText))
        log("read \(path) (\(side)): \(packets) packets, \(endText)")
    }

    /// Every capture has been read: the checks conclude.
    public func finish() -> (findings: [Finding], coverage: PassiveCoverage) {
        for c in checks { c.finish(ctx) }
        let coverage = PassiveCoverage(files: files, packets: total, first: first.map(Timestamp.iso8601), last: last.map(Timestamp.iso8601),
                                       insideHosts: ctx.insideHosts.count, outsideAddrs: ctx.outsideAddrs.count,
                                       checks: checks.map(\.name))
        return (sortFindings(ctx.book.findings), coverage)
    }

    /// Who is who: ARP senders, inside hosts, outside addresses.
    static func learn(_ p: Packet, _ ctx: CheckContext) {
        let f = p.frame
        if f.network == .arp {
            if f.src.isUnicast, f.arpSenderMAC.isUnicast {
                if p.outsideCapture { ctx.arpOutside[f.arpSenderMAC] = f.src } else { ctx.arpInside[f.arpSenderMAC] = f.src }
            }
            return
        }
        guard f.network == .ipv4 || f.network == .ipv6 else { return }
        if !p.outsideCapture, ctx.inside(f.src) { ctx.insideHosts.insert(f.src) }
        if ctx.outside(f.src) { ctx.outsideAddrs.insert(f.src) }
        if ctx.outside(f.dst) { ctx.outsideAddrs.insert(f.dst) }
    }
}
