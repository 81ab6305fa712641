import KPModel

/// Decides the verdict from the findings and what was looked at.
public enum VerdictLogic {
    /// Fewer packets than this, or fewer inside hosts than `minInsideHosts`, and a capture says nothing.
    public static let minPackets = 20
    public static let minInsideHosts = 2

    public static func decide(findings: [Finding], passive: PassiveCoverage?, active: ActiveCoverage?) -> (AirgapResult.Verdict, String) {
        let breaches = findings.filter { $0.severity == .breach }
        if let b = breaches.first {
            let kinds = Set(breaches.map(\.kind)).sorted().joined(separator: ", ")
            return (.breached, "\(breaches.count) finding\(breaches.count == 1 ? "" : "s") of severity breach (\(kinds)); the first: \(b.explanation)")
        }
        var ok: [String] = [], short: [String] = []
        if let a = active {
            if a.canaryListening, let d = a.canaryDropped, d > 0 {
                short.append("the canary listener lost \(d) packet\(d == 1 ? "" : "s") (dropped by the kernel), so its record cannot show that nothing arrived")
            } else if a.probes > 0 && a.canaryListening { ok.append("\(a.probes) active probes towards \(a.canaries.count) canar\(a.canaries.count == 1 ? "y" : "ies") got no answer and the canary listener recorded nothing") }
            else if !a.canaryListening { short.append("no canary listener ran, so an active probe that got out unanswered would go unseen") }
            else { short.append("no active probe could be sent") }
        }
        if let p = passive {
            if p.packets >= minPackets && p.insideHosts >= minInsideHosts {
                ok.append("\(p.packets) packets from \(p.insideHosts) inside hosts show nothing crossing")
            } else {
                short.append("the captures hold \(p.packets) packets from \(p.insideHosts) inside hosts (at least \(minPackets) packets from \(minInsideHosts) hosts are needed)")
            }
        }
        if !ok.isEmpty { return (.holds, "No finding of severity breach: " + ok.joined(separator: "; ") + ".") }
        return (.inconclusive, "Too little to judge: " + (short.isEmpty ? ["nothing was looked at"] : short).joined(separator: "; ") + ".")
    }

    /// What a verdict from these sources cannot see.
    static func limits(passive: PassiveCoverage?, active: ActiveCoverage?) -> [String] {
        var out: [String] = []
        if let p = passive {
            out.append("Passive: only what passed the capture points is seen; a path that bypasses them (another border link, a radio link, removable media) is not.")
            if !p.files.contains(where: { $0.side == "outside" }) {
                out.append("No outside capture: NAT and dual-homed hosts can be told apart only with --outside-pcap.")
            }
        }
        if active != nil {
            out.append("Active: only the probed ports and protocols from the probing host were tried.")
        }
        out.append("Dual-homed matching uses MAC addresses and DHCP host names; TCP timestamp clocks, SSH host keys and TLS certificates are not compared yet.")
        return out
    }
}
