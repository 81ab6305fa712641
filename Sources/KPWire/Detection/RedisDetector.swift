// Redis RESP (redis.io/docs/reference/protocol-spec): a client sends commands as
// arrays of bulk strings, "*N\r\n$M\r\n<M bytes>\r\n…"; a server answers "+PONG",
// "+OK", "-ERR …" or, to INFO, a bulk string holding "redis_version:x.y.z".

public struct RedisDetector: ProtocolDetector {
    public let about = DetectorAbout("redis", [.tcp], ports: [6379, 6380, 26379])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        if input.mayBeClient, let command = Self.commandName(p) {
            return verdict(.strong, fields: [DetectionField("command", command.asciiLowercased)])
        }
        guard input.mayBeServer else { return nil }
        if p.first == 0x24, let at = DetectorBytes.find("redis_version:", in: p) {
            let start = at + 14
            var end = start
            while end < p.count && p[end] != 0x0d && p[end] != 0x0a { end += 1 }
            return verdict(.strong, software: DetectorBytes.text(p, start ..< end).map { "Redis \($0)" })
        }
        if DetectorBytes.has(p, "+PONG\r\n", at: 0) || DetectorBytes.has(p, "-NOAUTH ", at: 0) || DetectorBytes.has(p, "-WRONGPASS ", at: 0) {
            return verdict(.strong)
        }
        if DetectorBytes.has(p, "-ERR ", at: 0) && p.count < 512 && p[p.count - 1] == 0x0a { return verdict(.weak) }
        return nil
    }

    /// The command of a RESP array of bulk strings ("*N\r\n$M\r\nCMD\r\n"), nil when the bytes are not one.
    static func commandName(_ p: UnsafeRawBufferPointer) -> String? {
        guard p.first == 0x2a, let (n, afterN) = number(p, at: 1), n >= 1, n <= 1024,
              p.count > afterN, p[afterN] == 0x24, let (m, afterM) = number(p, at: afterN + 1),
              m >= 1, m <= 64, afterM + m + 2 <= p.count, p[afterM + m] == 0x0d, p[afterM + m + 1] == 0x0a else { return nil }
        let word = UnsafeRawBufferPointer(rebasing: p[afterM ..< afterM + m])
        guard word.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2d }) else { return nil }
        return String(decoding: word, as: UTF8.self)
    }

    /// Decimal digits at `pos` ended by CRLF: (value, offset after the CRLF).
    static func number(_ p: UnsafeRawBufferPointer, at pos: Int) -> (Int, Int)? {
        var v = 0
        var i = pos
        while i < p.count, p[i] >= 0x30, p[i] <= 0x39, i - pos < 6 {
            v = v * 10 + Int(p[i] - 0x30)
            i += 1
        }
        guard i > pos, i + 1 < p.count, p[i] == 0x0d, p[i + 1] == 0x0a else { return nil }
        return (v, i + 2)
    }
}
