// Passive matching needs to know which probe a client "sent": nmap reads a reply with the
// lines of the probe that asked for it. A census sees real clients, not nmap, so a
// client's first bytes are taken for a probe when
//   1. the probe's payload is a prefix of them (or equals them): the longest such probe;
//   2. else the bytes share at least 4 bytes with the payload and reach past the payload's
//      first space, a request line that differs only later ("GET / HTTP/1.1\r\nHost: …"
//      against GetRequest's "GET / HTTP/1.0\r\n\r\n"): the longest common prefix, the
//      first probe in file order on a tie.
// NULL (nothing sent) and `no-payload` probes never fit. No fit: for TCP, the caller reads
// the reply with the NULL probe's lines, as nmap reads every TCP reply after its probe's own.

extension ServiceProbeDatabase {
    /// The name of the probe on `transport` that a client whose first bytes are `sent` sent, or nil.
    public func probe(sentAs sent: some Collection<UInt8>, transport: ProbeTransport) -> String? {
        let bytes = Array(sent)
        guard !bytes.isEmpty else { return nil }
        var prefix: (name: String, length: Int)?
        var common: (name: String, length: Int)?
        for probe in probes where probe.transport == transport && !probe.isNull && !probe.noPayload && !probe.payload.isEmpty {
            let p = probe.payload
            let shared = Self.commonPrefix(p, bytes)
            if shared == p.count {
                if shared > (prefix?.length ?? 0) { prefix = (probe.name, shared) }
            } else if shared >= 4, let space = p.firstIndex(of: 0x20), shared > space, shared > (common?.length ?? 0) {
                common = (probe.name, shared)
            }
        }
        return (prefix ?? common)?.name
    }

    static func commonPrefix(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var n = 0
        while n < a.count, n < b.count, a[n] == b[n] { n += 1 }
        return n
    }

    /// Whether `probe`'s own lines (match or softmatch) name `service`: after a softmatch
    /// nmap sends only such probes (`ServiceProbe::serviceIsPossible`).
    public func canName(service: String, probe: String, transport: ProbeTransport) -> Bool {
        self.probe(named: probe, transport: transport)?.matches.contains { $0.service == service } ?? false
    }
}
