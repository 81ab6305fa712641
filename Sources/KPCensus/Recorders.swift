import KPModel
import KPWire

struct SiteEvidence: OptionSet {
    let rawValue: UInt8
    static let http = SiteEvidence(rawValue: 1)
    static let tls = SiteEvidence(rawValue: 2)
}

/// What the census knows of a web host name: one record, so a sighting hashes the name once.
struct SiteRecord {
    var servers: Set<IPAddress>
    var evidence: SiteEvidence
    /// The first request or hello that named it.
    var first: PacketSource
}

struct DHCPLeaseRecord {
    var addr: IPAddress?
    var hostName: String?
    var vendorClass: String?
}

/// Recording: turns what the decoders read into the census's tables (kept apart
/// from parsing, as Zeek keeps events apart from the scripts that log them).
extension Census {
    /// Reads a DNS message with `DNSDecoder.readRecorded`, recording its questions (of a
    /// query) or answers (of a response) as they are read; nil when not even the header
    /// is there.
    func readAndRecordDNS(_ bytes: UnsafeRawBufferPointer, cut: Bool = false) -> DNSMessage? {
        var answersFull = false
        let m = DNSDecoder.readRecorded(bytes, cut: cut, question: { recordDNSQuestion($0) }, answer: { r in
            if !answersFull { answersFull = !recordDNSAnswer(r) }
        })
        if let a = m?.anomaly { count(a) }
        return m
    }

    func recordDNS(_ m: DNSMessage) {
        if let a = m.anomaly { count(a) }
        if !m.isResponse {
            for q in m.questions { recordDNSQuestion(q) }
            return
        }
        for r in m.answers {
            guard recordDNSAnswer(r) else { return }
        }
    }

    // A question or answer seen before has had its name, addresses and reverse name
    // recorded (all sets, and first sightings): only its count, the sightings over
    // time and the CNAME (the last one wins) are updated again.

    func recordDNSQuestion(_ q: DNSQuestion) {
        let key = DNSKey(name: q.name, type: q.type)
        if let i = dnsQueries.index(forKey: key) {
            dnsQueries.values[i] += 1
            return
        }
        guard dnsQueries.count < limits.maxNames else {
            count(.tableLimit)
            return
        }
        dnsQueries[key] = 1
        noteName(q.name)
    }

    /// False when the answers table is full (the message's later answers are not read).
    func recordDNSAnswer(_ r: DNSRecord) -> Bool {
        guard r.type != DNSType.opt else { return true }
        guard dnsAnswers.count < limits.maxNames else { count(.tableLimit); return false }
        let isNew = dnsAnswers.insert(DNSAnswerKey(name: r.name, type: r.type, data: r.data)).inserted
        if isNew { noteName(r.name) }
        switch r.type {
        case DNSType.a, DNSType.aaaa:
            if let addr = r.address {
                sightings.note(r.name, at: current.timestamp)
                if isNew {
                    nameAddrs[r.name, default: []].insert(addr)
                    addrNames[addr, default: []].insert(r.name)
                }
            }
        case DNSType.ptr:
            if isNew, let addr = ReverseName.address(r.name) { addrNames[addr, default: []].insert(r.data) }
        case DNSType.cname:
            cnames[r.name] = r.data
        default:
            break
        }
        return true
    }

    func noteName(_ name: String) {
        if dnsFirst[name] == nil { dnsFirst[name] = current }
    }

    func recordHTTP(_ payload: UnsafeRawBufferPointer, server: IPAddress, client: IPAddress) {
        // Only the Host and User-Agent headers become strings.
        let problem = HTTPDecoder.forEachRequestHead(payload) { head in
            httpRequests += 1
            if let ua = head.userAgent { deviceEvidence.noteUserAgent(String(decoding: ua, as: UTF8.self), client: client) }
            guard let value = head.host else { return }
            let host = HTTPDecoder.normalizeHost(value)
            guard !host.isEmpty else { return }
            httpHosts[host, default: 0] += 1
            noteSite(host, server: server, .http)
        }
        if let problem { count(problem) }
    }

    func recordSNI(_ name: String, server: IPAddress) {
        serverNames[name, default: 0] += 1
        noteSite(name, server: server, .tls)
    }

    func recordCertificateName(_ name: String) {
        certificateNames[name, default: 0] += 1
    }

    /// A web host name that a client asked a server for. Address literals are not names.
    func noteSite(_ name: String, server: IPAddress, _ evidence: SiteEvidence) {
        guard !ReverseName.looksLikeAddress(name) else { return }
        if let i = sites.index(forKey: name) {
            sites.values[i].servers.insert(server)
            sites.values[i].evidence.insert(evidence)
        } else {
            guard sites.count < limits.maxNames else { count(.tableLimit); return }
            sites[name] = SiteRecord(servers: [server], evidence: evidence, first: current)
        }
        sightings.note(name, at: current.timestamp)
    }

    /// A DHCP server answers to broadcast or to an address the client does not have
    /// yet, so no flow shows it answering: its reply registers the service.
    func recordDHCPServer(_ server: IPAddress, client: IPAddress) {
        guard server.isUnicast, client.isUnicast else { return }
        _ = services.add(ServiceKey(addr: server, port: 67, proto: 17), client: client, app: .dhcp, software: nil, first: current)
        hosts.markServer(server)
    }

    func recordDHCP(_ m: DHCPMessage) {
        guard let mac = m.clientMAC, mac.isUnicast else { return }
        var lease = dhcpLeases[mac] ?? DHCPLeaseRecord()
        if m.op == 1 {
            lease.hostName = m.hostName ?? lease.hostName
            lease.vendorClass = m.vendorClass ?? lease.vendorClass
        } else if m.messageType == 5, m.yourAddress != .zero {
            lease.addr = m.yourAddress
        }
        dhcpLeases[mac] = lease
    }
}

/// Reverse-mapping names (RFC 1035 §3.5 in-addr.arpa, RFC 3596 §2.5 ip6.arpa).
enum ReverseName {
    /// An address literal rather than a name: digits and dots only (IPv4), or a colon (IPv6).
    static func looksLikeAddress(_ host: String) -> Bool {
        var host = host
        return host.withUTF8 { bytes in
            var digitsAndDots = true
            for b in bytes {
                if b == UInt8(ascii: ":") { return true }
                if !(b == UInt8(ascii: ".") || (b >= 0x30 && b <= 0x39)) { digitsAndDots = false }
            }
            return digitsAndDots && !bytes.isEmpty
        }
    }

    /// The address a reverse name stands for. Names come from `DNSDecoder.readName`,
    /// which escapes every byte outside printable ASCII: bytes are characters here.
    static func address(_ name: String) -> IPAddress? {
        let v4Suffix = ".in-addr.arpa", v6Suffix = ".ip6.arpa"
        if name.hasSuffix(v4Suffix) {
            let labels = labelRanges(name, dropping: v4Suffix.utf8.count)
            guard labels.count == 4 else { return nil }
            let bytes = Array(name.utf8)
            var text: [UInt8] = []
            for r in labels.reversed() {
                if !text.isEmpty { text.append(UInt8(ascii: ".")) }
                text += bytes[r]
            }
            return IPAddress(String(decoding: text, as: UTF8.self))
        }
        if name.hasSuffix(v6Suffix) {
            let nibbles = labelRanges(name, dropping: v6Suffix.utf8.count)
            guard nibbles.count == 32, nibbles.allSatisfy({ $0.count == 1 }) else { return nil }
            let bytes = Array(name.utf8)
            var text: [UInt8] = []
            for (i, r) in nibbles.reversed().enumerated() {
                if i > 0 && i % 4 == 0 { text.append(UInt8(ascii: ":")) }
                text.append(bytes[r.lowerBound])
            }
            return IPAddress(String(decoding: text, as: UTF8.self))
        }
        return nil
    }

    /// Byte ranges of the non-empty dot-separated labels of `name` without its last
    /// `dropping` bytes (what `split(separator: ".")` gives).
    static func labelRanges(_ name: String, dropping: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0, i = 0
        for b in name.utf8.dropLast(dropping) {
            if b == UInt8(ascii: ".") {
                if i > start { ranges.append(start ..< i) }
                start = i + 1
            }
            i += 1
        }
        if i > start { ranges.append(start ..< i) }
        return ranges
    }
}
