import Foundation
import KPCapture
import KPCensus
import KPModel
import KPWire

/// Reads inside and outside captures once and runs every passive check on each packet.
public struct PassiveAnalyzer {
    public var insidePaths: [String]
    public var outsidePaths: [String]
    public var scope: InsideScope

    public init(inside: [String], outside: [String] = [], scope: InsideScope) {
        insidePaths = inside
        outsidePaths = outside
        self.scope = scope
    }

    /// The checks, in the order they see packets.
    static func checks() -> [PassiveCheck] {
        [OutsideTrafficCheck(), DNSCheck(), HTTPProxyCheck(), ICMPCheck(), TTLCheck(), IPv6Check(), TunnelCheck(),
         DHCPCheck(), NTPWPADCheck(), CrossingCheck(), IdentityCheck()]
    }

    /// Runs the checks; throws (exit 2) when a file cannot be opened as a capture.
    /// `log` receives a line per file read (`--verbose`).
    public func run(log: (String) -> Void = { _ in }) throws -> (findings: [Finding], coverage: PassiveCoverage) {
        let ctx = CheckContext(scope: scope)
        let checks = PassiveAnalyzer.checks()
        var files: [PassiveCoverage.File] = []
        var total = 0
        var first: Int64?, last: Int64?
        // Outside captures first: the crossing check matches inside packets against them.
        let inputs = outsidePaths.map { ($0, true) } + insidePaths.map { ($0, false) }
        for (i, (path, outsideSide)) in inputs.enumerated() {
            let reader: CaptureFileReader
            do { reader = try CaptureFileReader(path: path) } catch {
                throw AirgapError("\(outsideSide ? "--outside-pcap" : "--pcap") \(error)")
            }
            var n = 0
            let end = reader.read(fileIndex: i) { rec in
                n += 1
                let f = FrameDecoder.decode(linkType: rec.linkType, bytes: rec.bytes, wireLength: rec.wireLength)
                first = min(first ?? rec.timestamp, rec.timestamp)
                last = max(last ?? rec.timestamp, rec.timestamp)
                let p = Packet(frame: f, bytes: rec.bytes, time: rec.timestamp, file: path, index: rec.packetIndex, outsideCapture: outsideSide)
                PassiveAnalyzer.learn(p, ctx)
                for c in checks { c.observe(p, ctx) }
            }
            total += n
            let endText: String
            switch end {
            case .complete: endText = "complete"
            case let .cut(offset, _): endText = "cut at byte \(offset): the file ends inside a packet"
            case let .corrupt(offset, detail): endText = "stopped at byte \(offset): \(detail)"
            }
            files.append(.init(path: path, side: outsideSide ? "outside" : "inside", packets: n, end: endText))
            log("read \(path) (\(outsideSide ? "outside" : "inside")): \(n) packets, \(endText)")
        }
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
