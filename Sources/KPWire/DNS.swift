// DNS messages (RFC 1035 §4): header(12) = ID, flags, QDCOUNT, ANCOUNT, NSCOUNT,
// ARCOUNT; then questions (name, type, class) and resource records (name, type,
// class, TTL, RDLENGTH, RDATA). Names use compression pointers (§4.1.4): followed
// with a jump limit, so a pointer loop ends as `dns_compression_loop`.
// Record data is rendered as in zone files for A, AAAA, NS, CNAME, PTR, MX, TXT, SOA,
// SRV; other types as RFC 3597 `\# LEN HEX`. Over TCP each message has a 2-byte
// length prefix (RFC 1035 §4.2.2); the census reassembles and frames those.

public struct DNSQuestion: Sendable, Equatable {
    public var name: String
    public var type: UInt16

    public init(name: String, type: UInt16) { (self.name, self.type) = (name, type) }
}

public struct DNSRecord: Sendable, Equatable {
    public var name: String
    public var type: UInt16
    public var ttl: UInt32
    public var data: String
    /// The address of an A or AAAA record.
    public var address: IPAddress?
}

public struct DNSMessage: Sendable {
    public var id: UInt16 = 0
    public var isResponse = false
    public var opcode: UInt8 = 0
    public var rcode: UInt8 = 0
    public var authoritative = false
    public var truncatedFlag = false
    public var recursionDesired = false
    public var recursionAvailable = false
    public var questions: [DNSQuestion] = []
    public var answers: [DNSRecord] = []
    public var authorities: [DNSRecord] = []
    public var additionals: [DNSRecord] = []
    /// Set when the message could not be read to its end; the sections hold what was read.
    public var anomaly: AnomalyCode?

    public init() {}
}

/// DNS record type names (IANA registry) for the types kpcensus renders or counts.
public enum DNSType {
    public static let a: UInt16 = 1, ns: UInt16 = 2, cname: UInt16 = 5, soa: UInt16 = 6
    public static let ptr: UInt16 = 12, mx: UInt16 = 15, txt: UInt16 = 16, aaaa: UInt16 = 28
    public static let srv: UInt16 = 33, opt: UInt16 = 41, axfr: UInt16 = 252, ixfr: UInt16 = 251

    public static func name(_ t: UInt16) -> String {
        switch t {
        case 1: return "A"
        case 2: return "NS"
        case 5: return "CNAME"
        case 6: return "SOA"
        case 12: return "PTR"
        case 13: return "HINFO"
        case 15: return "MX"
        case 16: return "TXT"
        case 28: return "AAAA"
        case 33: return "SRV"
        case 35: return "NAPTR"
        case 41: return "OPT"
        case 43: return "DS"
        case 46: return "RRSIG"
        case 47: return "NSEC"
        case 48: return "DNSKEY"
        case 64: return "SVCB"
        case 65: return "HTTPS"
        case 251: return "IXFR"
        case 252: return "AXFR"
        case 255: return "ANY"
        case 257: return "CAA"
        default: return "TYPE\(t)"
        }
    }
}

/// What `DNSDecoder.parse` makes of the authority and additional sections.
public enum DNSExtraSections: Sendable {
    /// Rendered and kept in `authorities` and `additionals`.
    case kept
    /// Read with every check, so the message gets the same anomaly, but neither
    /// rendered nor kept (the census keeps only questions and answers).
    case checkedOnly
}

public enum DNSDecoder {
    static let maxPointerJumps = 64
    static let maxNameLength = 255

    /// Parses one DNS message. `cut` says the bytes were cut by the snap length, so a
    /// message that ends early is `dns_truncated` rather than `dns_short`.
    /// Returns nil when not even the 12-byte header is there.
    public static func parse(_ bytes: UnsafeRawBufferPointer, cut: Bool = false,
                             extraSections: DNSExtraSections = .kept) -> DNSMessage? {
        var questions: [DNSQuestion] = [], answers: [DNSRecord] = []
        guard var m = read(bytes, cut: cut, keepExtra: extraSections == .kept, onlyRecorded: false,
                           question: { questions.append($0) }, answer: { answers.append($0) }) else { return nil }
        m.questions = questions
        m.answers = answers
        return m
    }

    /// Reads what the census records, a query's questions or a response's answers, and
    /// hands each to `question` or `answer` as it is read (no arrays are built: the
    /// message's sections stay empty). The rest is read with every check but not
    /// rendered, so the anomaly is `parse`'s. Returns nil when not even the header is there.
    public static func readRecorded(_ bytes: UnsafeRawBufferPointer, cut: Bool = false,
                                    question: (DNSQuestion) -> Void, answer: (DNSRecord) -> Void) -> DNSMessage? {
        read(bytes, cut: cut, keepExtra: false, onlyRecorded: true, question: question, answer: answer)
    }

    static func read(_ bytes: UnsafeRawBufferPointer, cut: Bool, keepExtra: Bool, onlyRecorded: Bool,
                     question: (DNSQuestion) -> Void, answer: (DNSRecord) -> Void) -> DNSMessage? {
        let c = ByteCursor(bytes)
        guard let id = c.u16(at: 0), let flags = c.u16(at: 2), let qd = c.u16(at: 4), let an = c.u16(at: 6),
              let ns = c.u16(at: 8), let ar = c.u16(at: 10) else { return nil }
        var m = DNSMessage()
        m.id = id
        m.isResponse = flags & 0x8000 != 0
        m.opcode = UInt8(flags >> 11 & 0x0f)
        m.authoritative = flags & 0x0400 != 0
        m.truncatedFlag = flags & 0x0200 != 0
        m.recursionDesired = flags & 0x0100 != 0
        m.recursionAvailable = flags & 0x0080 != 0
        m.rcode = UInt8(flags & 0x0f)
        let short: AnomalyCode = cut ? .dnsTruncated : .dnsShort
        let keepQuestions = !onlyRecorded || !m.isResponse
        let keepAnswers = !onlyRecorded || m.isResponse
        var pos = 12
        do throws(AnomalyCode) {
            for _ in 0 ..< qd {
                let (name, next) = try readName(c, at: pos, render: keepQuestions)
                guard let type = c.u16(at: next), c.has(4, at: next) else { throw .dnsShort }
                if keepQuestions { question(DNSQuestion(name: name, type: type)) }
                pos = next + 4
            }
            for _ in 0 ..< an {
                let (record, next) = try readRecord(c, at: pos, render: keepAnswers)
                if keepAnswers { answer(record) }
                pos = next
            }
            try readRecords(ns, c, at: &pos, into: &m.authorities, keep: keepExtra)
            try readRecords(ar, c, at: &pos, into: &m.additionals, keep: keepExtra)
        } catch {
            m.anomaly = error == .dnsShort ? short : error
        }
        return m
    }

    /// Reads `count` records from `pos` on, appending them to `list` when `keep`.
    static func readRecords(_ count: UInt16, _ c: ByteCursor, at pos: inout Int, into list: inout [DNSRecord],
                            keep: Bool) throws(AnomalyCode) {
        for _ in 0 ..< count {
            let (record, next) = try readRecord(c, at: pos, render: keep)
            if keep { list.append(record) }
            pos = next
        }
    }

    /// A record and the offset past it; without `render` its name and data are left
    /// empty (every check is still made).
    static func readRecord(_ c: ByteCursor, at pos: Int, render: Bool = true) throws(AnomalyCode) -> (DNSRecord, Int) {
        let (name, p) = try readName(c, at: pos, render: render)
        guard let type = c.u16(at: p), let ttl = c.u32(at: p + 4), let rdlen = c.u16(at: p + 8) else {
            throw .dnsShort
        }
        let start = p + 10, end = start + Int(rdlen)
        guard c.has(Int(rdlen), at: start) else { throw .dnsShort }
        let (data, address) = try renderData(c, type: type, start: start, end: end, render: render)
        return (DNSRecord(name: name, type: type, ttl: ttl, data: data, address: address), end)
    }

    /// The zone-file text of record data (empty without `render`, every check still made).
    static func renderData(_ c: ByteCursor, type: UInt16, start: Int, end: Int,
                           render: Bool = true) throws(AnomalyCode) -> (String, IPAddress?) {
        let len = end - start
        func name(at p: Int) throws(AnomalyCode) -> (String, Int) {
            let (n, next) = try readName(c, at: p, render: render)
            guard next <= end else { throw .dnsBadRdata }
            return (n, next)
        }
        switch type {
        case DNSType.a:
            guard len == 4, let a = IPAddress.v4(c, at: start) else { throw .dnsBadRdata }
            return (render ? a.description : "", a)
        case DNSType.aaaa:
            guard len == 16, let a = IPAddress.v6(c, at: start) else { throw .dnsBadRdata }
            return (render ? a.description : "", a)
        case DNSType.ns, DNSType.cname, DNSType.ptr:
            return (try name(at: start).0, nil)
        case DNSType.mx:
            guard let pref = c.u16(at: start), len >= 3 else { throw .dnsBadRdata }
            let exchange = try name(at: start + 2).0
            return (render ? "\(pref) \(exchange)" : "", nil)
        case DNSType.srv:
            guard let prio = c.u16(at: start), let weight = c.u16(at: start + 2), let port = c.u16(at: start + 4),
                  len >= 7 else { throw .dnsBadRdata }
            let target = try name(at: start + 6).0
            return (render ? "\(prio) \(weight) \(port) \(target)" : "", nil)
        case DNSType.soa:
            // Whatever ends the names early, the data is bad.
            guard case let (mname, p1)? = try? name(at: start),
                  case let (rname, p2)? = try? name(at: p1) else { throw .dnsBadRdata }
            guard p2 + 20 <= end, let serial = c.u32(at: p2), let refresh = c.u32(at: p2 + 4),
                  let retry = c.u32(at: p2 + 8), let expire = c.u32(at: p2 + 12),
                  let minimum = c.u32(at: p2 + 16) else { throw .dnsBadRdata }
            guard render else { return ("", nil) }
            var text = Array(mname.utf8)
            text.append(0x20)
            text += rname.utf8
            for v in [serial, refresh, retry, expire, minimum] {
                text.append(0x20)
                appendDecimal(v, to: &text)
            }
            return (String(decoding: text, as: UTF8.self), nil)
        case DNSType.txt:
            var parts: [String] = []
            var p = start
            while p < end {
                guard let n = c.u8(at: p), p + 1 + Int(n) <= end, let s = c.slice(at: p + 1, count: Int(n)) else {
                    throw .dnsBadRdata
                }
                if render { parts.append("\"" + escapeText(s) + "\"") }
                p += 1 + Int(n)
            }
            return (parts.joined(separator: " "), nil)
        default:
            guard render else { return ("", nil) }
            var text = Array("\\# ".utf8)
            appendDecimal(UInt32(len), to: &text)
            if len > 0, let s = c.slice(at: start, count: len) {
                text.append(0x20)
                let digits = Array("0123456789abcdef".utf8)
                for b in s {
                    text.append(digits[Int(b >> 4)])
                    text.append(digits[Int(b & 0x0f)])
                }
            }
            return (String(decoding: text, as: UTF8.self), nil)
        }
    }

    /// Appends `v` in decimal (record data is rendered for every answer: no interpolation).
    static func appendDecimal(_ v: UInt32, to text: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var rest = v
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = 0x30 + UInt8(rest % 10)
                rest /= 10
                n += 1
            } while rest > 0
            for i in stride(from: n - 1, through: 0, by: -1) { text.append(d[i]) }
        }
    }

    /// Reads a possibly compressed name at `pos`: the name (lowercase, no trailing
    /// dot, "." for the root) and the offset just past it in the message. Without
    /// `render` the name is "" (the same checks are made, no text is built).
    /// The anomaly is thrown (typed: no result to wrap and unwrap per name).
    static func readName(_ c: ByteCursor, at pos: Int, render: Bool) throws(AnomalyCode) -> (String, Int) {
        // Built on the stack (names are read for every DNS packet): a wire byte becomes
        // at most 4 bytes of text (`\DDD`, or a length byte the dot), and the wire
        // length is bounded by `maxNameLength` before any label is copied.
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 4 * maxNameLength) { text throws(AnomalyCode) -> (String, Int) in
            var n = 0
            var p = pos
            var next = -1          // where the caller continues: after the first pointer
            var jumps = 0
            var wireLength = 0
            while true {
                guard let len = c.u8(at: p) else { throw .dnsShort }
                switch len & 0xc0 {
                case 0xc0:
                    guard let low = c.u8(at: p + 1) else { throw .dnsShort }
                    let target = Int(len & 0x3f) << 8 | Int(low)
                    if next < 0 { next = p + 2 }
                    jumps += 1
                    guard jumps <= maxPointerJumps else { throw .dnsCompressionLoop }
                    guard target < c.count else { throw .dnsPointerOutOfRange }
                    p = target
                case 0x00:
                    if len == 0 {
                        if next < 0 { next = p + 1 }
                        guard render else { return ("", next) }
                        let name = n == 0 ? "." : String(decoding: UnsafeBufferPointer(rebasing: text[..<n]), as: UTF8.self)
                        return (name, next)
                    }
                    wireLength += Int(len) + 1
                    guard wireLength <= maxNameLength else { throw .dnsNameTooLong }
                    guard let label = c.slice(at: p + 1, count: Int(len)) else { throw .dnsShort }
                    if render {
                        if n > 0 {
                            text[n] = UInt8(ascii: ".")
                            n += 1
                        }
                        n = appendLabel(label, to: text, at: n)
                    }
                    p += 1 + Int(len)
                default:
                    throw .dnsBadLabel   // 0x40 and 0x80 label types are obsolete (RFC 6891 §5)
                }
            }
        }
    }

    /// Writes a label at `start` of `text`, lowercasing ASCII letters and escaping dots,
    /// backslashes and non-printable bytes as zone files do (`\.`, `\\`, `\DDD`);
    /// returns the end of what was written.
    static func appendLabel(_ label: UnsafeRawBufferPointer, to text: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        var n = start
        for b in label {
            switch b {
            case UInt8(ascii: "A") ... UInt8(ascii: "Z"):
                text[n] = b | 0x20
                n += 1
            case UInt8(ascii: "."), UInt8(ascii: "\\"):
                text[n] = UInt8(ascii: "\\")
                text[n + 1] = b
                n += 2
            case 0x21 ... 0x7e:
                text[n] = b
                n += 1
            default:
                text[n] = UInt8(ascii: "\\")
                text[n + 1] = 0x30 + b / 100
                text[n + 2] = 0x30 + b / 10 % 10
                text[n + 3] = 0x30 + b % 10
                n += 4
            }
        }
        return n
    }

    static func format3(_ b: UInt8) -> String {
        let s = String(b)
        return String(repeating: "0", count: 3 - s.count) + s
    }

    static func escapeText(_ s: UnsafeRawBufferPointer) -> String {
        var out = ""
        for b in s {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += "\\" + String(UnicodeScalar(b))
            case 0x20 ... 0x7e: out.unicodeScalars.append(UnicodeScalar(b))
            default: out += "\\" + format3(b)
            }
        }
        return out
    }
}
