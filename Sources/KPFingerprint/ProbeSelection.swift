// What an active version scan sends to an open port, and whose match lines read the replies,
// in nmap's order (nmap book, "Technique Described" and the nmap-service-probes format page):
// - TCP first listens (the NULL probe), then sends the probes whose `ports` (over TLS:
//   `sslports`) list the port, whatever their rarity, then every other probe of the
//   transport with rarity ≤ the intensity, each group in file order;
// - a reply is read by the probe's own lines, then those of its `fallback` probes left to
//   right, then (TCP only) the NULL probe's. A fallback name is looked up on the probe's
//   transport first, then on the other: the file has TCP DNS probes that fall back to the
//   UDP ones (DNSVersionBindReqTCP -> DNSVersionBindReq).

extension ServiceProbeDatabase {
    /// nmap's default `--version-intensity`.
    public static let defaultIntensity = 7

    /// The probes to try on `port`/`transport`, in order, for `intensity` 0…9; empty when the
    /// file's `Exclude` covers the port. `overTLS`: the port speaks TLS and the probes go inside it.
    public func probesToSend(port: UInt16, transport: ProbeTransport, intensity: Int = defaultIntensity,
                             overTLS: Bool = false) -> [ServiceProbe] {
        guard !excluded.contains(port, transport: transport) else { return [] }
        var registered = [ServiceProbe]()
        var others = [ServiceProbe]()
        var null = [ServiceProbe]()
        for probe in probes where probe.transport == transport && !probe.noPayload {
            if probe.isNull {
                if null.isEmpty { null.append(probe) }
            } else if (overTLS ? probe.sslPorts : probe.ports).contains(port, transport: transport) {
                registered.append(probe)
            } else if (probe.rarity ?? 1) <= intensity {
                others.append(probe)
            }
        }
        return null + registered + others
    }

    /// Indices (into `probes`) of the probes whose match lines read a reply to `probe`, in
    /// order; nil when the file has no such probe.
    public func fallbackChain(probe name: String, transport: ProbeTransport) -> [Int]? {
        guard let own = index[ProbeKey(transport, name)] else { return nil }
        var chain = [own]
        for fallback in probes[own].fallback {
            let other: ProbeTransport = transport == .tcp ? .udp : .tcp
            if let i = index[ProbeKey(transport, fallback)] ?? index[ProbeKey(other, fallback)], !chain.contains(i) {
                chain.append(i)
            }
        }
        if transport == .tcp, let null = index[ProbeKey(.tcp, "NULL")], !chain.contains(null) { chain.append(null) }
        return chain
    }
}
