import KPModel
import KPWire

/// DNS (RFC 1035): questions and answers over UDP (port 53, or another port once an
/// answer matches a clean query's ID) and over TCP (length-prefixed messages, framed
/// from the reassembled stream). Writes `dns`, names the addresses its answers and
/// PTR records tell, and resolves site names for the sites recorder.
final class DNSRecorder: ProtocolRecorder {
    static let streamLimit = 128 * 1024
    var queries: [DNSKey: Int] = [:]
    var answers: Set<DNSAnswerKey> = []
    var nameAddrs: [String: Set<IPAddress>] = [:]
    var addrNames: [IPAddress: Set<String>] = [:]
    var cnames: [String: String] = [:]
    var firstSeen: [String: PacketSource] = [:]

    /// A UDP datagram of a DNS flow (port 53 or already shown to be DNS).
    func readDatagram(_ payload: UnsafeRawBufferPointer, cut: Bool, flow fl: inout FlowState, _ context: RecordingContext) {
        guard readAndRecord(payload, cut: cut, context) != nil else {
            context.count(cut ? .dnsTruncated : .dnsShort)
            return
        }
        fl.identify(.dns)
    }

    /// DNS on another UDP port: a clean query, then an answer with the same ID.
    func readUnidentified(_ payload: UnsafeRawBufferPointer, fromClient: Bool, flow fl: inout FlowState, _ context: RecordingContext) {
        guard payload.count >= 12 else { return }
        if fromClient, fl.pendingDNSID < 0, let q = DNSDecoder.parse(payload, extraSections: .checkedOnly), q.anomaly == nil,
           !q.isResponse, q.opcode == 0, q.questions.count == 1, q.answers.isEmpty {
            fl.pendingDNSID = Int32(q.id)   // recorded only once an answer confirms DNS
        } else if !fromClient, fl.pendingDNSID >= 0, let r = DNSDecoder.parse(payload, extraSections: .checkedOnly), r.anomaly == nil,
                  r.isResponse, Int32(r.id) == fl.pendingDNSID {
            fl.identify(.dns)
            record(r, context)
        }
    }

    /// A TCP segment of a DNS flow: reads every complete length-prefixed message buffered in its direction.
    @inline(never)
    func readSegment(_ payload: UnsafeRawBufferPointer, seq: UInt32, fromClient: Bool, flow fl: inout FlowState,
                     streams: StreamTable, _ context: RecordingContext) {
        streams.append(payload, seq: seq, fromClient: fromClient, flow: &fl, limit: DNSRecorder.streamLimit, context)
        let id = fl.streams
        guard var pair = streams.pairs[id] else { return }
        var buffer = fromClient ? pair.client : pair.server
        while buffer.data.count >= 2 {
            let len = Int(buffer.data[0]) << 8 | Int(buffer.data[1])
            guard buffer.data.count >= 2 + len else { break }
            let message = buffer.data.withUnsafeBytes { readAndRecord(UnsafeRawBufferPointer(rebasing: $0[2 ..< 2 + len]), context) }
            if message != nil {
                fl.identify(.dns)
            } else {
                context.count(.dnsShort)
            }
            buffer.consume(2 + len)
        }
        if fromClient { pair.client = buffer } else { pair.server = buffer }
        streams.pairs[id] = pair
    }

    /// Reads a DNS message with `DNSDecoder.readRecorded`, recording its questions (of a
    /// query) or answers (of a response) as they are read; nil when not even the header
    /// is there.
    func readAndRecord(_ bytes: UnsafeRawBufferPointer, cut: Bool = false, _ context: RecordingContext) -> DNSMessage? {
        var answersFull = false
        let m = DNSDecoder.readRecorded(bytes, cut: cut, question: { recordQuestion($0, context) }, answer: { r in
            if !answersFull { answersFull = !recordAnswer(r, context) }
        })
        if let a = m?.anomaly { context.count(a) }
        return m
    }

    func record(_ m: DNSMessage, _ context: RecordingContext) {
        if let a = m.anomaly { context.count(a) }
        if !m.isResponse {
            for q in m.questions { recordQuestion(q, context) }
            return
        }
        for r in m.answers {
            guard recordAnswer(r, context) else { return }
        }
    }

    // A question or answer seen before has had its name, addresses and reverse name
    // recorded (all sets, and first sightings): only its count, the sightings over
    // time and the CNAME (the last one wins) are updated again.

    func recordQuestion(_ q: DNSQuestion, _ context: RecordingContext) {
        let key = DNSKey(name: q.name, type: q.type)
        if let i = queries.index(forKey: key) {
            queries.values[i] += 1
            return
        }
        guard queries.count < context.limits.maxNames else {
            context.count(.tableLimit)
            return
        }
        queries[key] = 1
        noteName(q.name, at: context.current)
    }

    /// False when the answers table is full (the message's later answers are not read).
    func recordAnswer(_ r: DNSRecord, _ context: RecordingContext) -> Bool {
        guard r.type != DNSType.opt else { return true }
        guard answers.count < context.limits.maxNames else { context.count(.tableLimit); return false }
        let isNew = answers.insert(DNSAnswerKey(name: r.name, type: r.type, data: r.data)).inserted
        if isNew { noteName(r.name, at: context.current) }
        switch r.type {
        case DNSType.a, DNSType.aaaa:
            if let addr = r.address {
                context.sightings.note(r.name, at: context.current.timestamp)
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

    func noteName(_ name: String, at source: PacketSource) {
        if firstSeen[name] == nil { firstSeen[name] = source }
    }

    /// The addresses DNS answers gave for a name, following CNAMEs (at most 8).
    func resolve(_ name: String) -> Set<IPAddress> {
        var n = name
        var out = nameAddrs[n] ?? []
        for _ in 0 ..< 8 {
            guard let target = cnames[n] else { break }
            n = target
            out.formUnion(nameAddrs[n] ?? [])
        }
        return out
    }

    func write(into inv: inout Inventory, from all: Recorders) {
        inv.dns.queries = queries.map { Inventory.DNSQuery(name: $0.key.name, type: DNSType.name($0.key.type), count: $0.value) }
            .sorted { ($0.name, $0.type) < ($1.name, $1.type) }
        inv.dns.answers = answers.map { Inventory.DNSAnswer(name: $0.name, type: DNSType.name($0.type), data: $0.data) }
            .sorted { ($0.name, $0.type, $0.data) < ($1.name, $1.type, $1.data) }
    }

    func addHostNames(to names: inout [IPAddress: Set<String>]) {
        names.merge(addrNames) { $0.union($1) }
    }

    func addObservations(to out: inout [Observation]) {
        for (name, s) in firstSeen { out.append(Observation(kind: "dns_name", subject: name, source: s)) }
    }
}
