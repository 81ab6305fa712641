import KPWire

/// One passive check: sees every decoded packet, reports findings at the end.
/// Adding a check is a file and a line in `PassiveSink.checks`.
protocol PassiveCheck: AnyObject {
    /// Short name listed in the coverage ("outside-traffic", "dns", …).
    var name: String { get }
    func observe(_ p: Packet, _ ctx: CheckContext)
    func finish(_ ctx: CheckContext)
}

/// What the checks share: the scope, the findings, and who is who on the wire.
final class CheckContext {
    let scope: InsideScope
    let book = FindingBook()
    /// MAC → address, from ARP senders (inside and outside captures kept apart).
    var arpInside: [MACAddress: IPAddress] = [:]
    var arpOutside: [MACAddress: IPAddress] = [:]
    /// Inside addresses seen as a source on the inside captures.
    var insideHosts = Set<IPAddress>()
    var outsideAddrs = Set<IPAddress>()
    /// DHCP client host names: which side, the evidence and when (dual-homed matching).
    var dhcpNames: [String: [(outside: Bool, evidence: Evidence, time: Int64)]] = [:]

    init(scope: InsideScope) { self.scope = scope }

    /// Names the host whose MAC sent a frame: its ARP address, else the MAC.
    func hostName(mac: MACAddress?, outsideCapture: Bool) -> String? {
        guard let mac, mac.isUnicast else { return nil }
        if let a = (outsideCapture ? arpOutside : arpInside)[mac] { return a.description }
        return "mac \(mac)"
    }

    func inside(_ a: IPAddress) -> Bool { scope.isInside(a) }
    func outside(_ a: IPAddress) -> Bool { scope.isOutside(a) }
}
