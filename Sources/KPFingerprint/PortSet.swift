// Port lists as nmap writes them: `21,43,110-113` for `ports`/`sslports`, and with
// `T:`/`U:` transport prefixes for `Exclude` (the `-p` syntax).

/// A set of ports, as ranges, optionally per transport.
public struct PortSet: Sendable, Equatable {
    struct Entry: Sendable, Equatable {
        let range: ClosedRange<UInt16>
        /// nil: either transport.
        let transport: ProbeTransport?
    }
    var entries: [Entry] = []

    public init() {}

    /// Whether `port` is in the set for `transport`.
    public func contains(_ port: UInt16, transport: ProbeTransport) -> Bool {
        entries.contains { ($0.transport == nil || $0.transport == transport) && $0.range.contains(port) }
    }

    /// Whether the set holds no port.
    public var isEmpty: Bool { entries.isEmpty }

    /// Parses `21,43,110-113`; with `prefixes`, also `T:9100-9107,U:53` (a prefix holds
    /// for the items after it, as in nmap's `-p`). Returns nil on a malformed list.
    static func parse(_ text: Substring, prefixes: Bool) -> PortSet? {
        var set = PortSet()
        var transport: ProbeTransport?
        for var item in text.split(separator: ",", omittingEmptySubsequences: false) {
            item = item.drop { $0 == " " }
            if prefixes, item.count > 2, item.dropFirst().first == ":" {
                switch item.first {
                case "T", "t": transport = .tcp
                case "U", "u": transport = .udp
                default: return nil
                }
                item = item.dropFirst(2)
            }
            let bounds = item.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard let low = UInt16(bounds[0]) else { return nil }
            let high = bounds.count == 2 ? UInt16(bounds[1]) : low
            guard let high, low <= high else { return nil }
            set.entries.append(Entry(range: low...high, transport: transport))
        }
        return set
    }
}
