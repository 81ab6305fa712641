/// One coding-key type's keys as the encoder writes them (quoted, snake-cased when
/// the style says so, with the layout's separator) and whether each stays out when
/// nil, made on a key's first use: its `stringValue`, quoting and `OmittedWhenNilKey`
/// cast, once per member, cost more than the values they label.
///
/// A key is found by its one byte: a key type of at most one byte (a `CodingKeys`
/// enum, synthesized or `String`-backed, of up to 256 cases) is wholly that byte,
/// so the byte names the key. Wider key types (a dictionary's) are written from
/// `stringValue` each time.
final class KeyBytes {
    private struct Entry {
        var start = 0
        var count = 0
        var nameCount = 0
        var omittedWhenNil = false
        var made = false
    }

    private let style: JSONStyle
    private var bytes: [UInt8] = []
    private var entries: [Entry] = []

    init(style: JSONStyle) { self.style = style }

    /// Writes `"name": ` (as the layout separates) and returns the name's length.
    func write<Key: CodingKey>(_ key: Key, into w: inout JSONBytes) -> Int {
        guard let tag = Self.tag(of: key) else { return Self.written(key, style, into: &w) }
        if tag < entries.count && entries[tag].made {
            let e = entries[tag]
            bytes.withUnsafeBufferPointer { w.append(UnsafeBufferPointer(rebasing: $0[e.start..<(e.start + e.count)])) }
            return e.nameCount
        }
        let start = w.count
        let n = Self.written(key, style, into: &w)
        if tag >= entries.count { entries += Array(repeating: Entry(), count: tag + 1 - entries.count) }
        entries[tag] = Entry(start: bytes.count, count: w.count - start, nameCount: n, omittedWhenNil: Self.omitted(key), made: true)
        bytes += UnsafeBufferPointer(rebasing: w.bytes[start...])
        return n
    }

    /// Whether a nil value under `key` stays out whatever the style says.
    func omittedWhenNil<Key: CodingKey>(_ key: Key) -> Bool {
        if let tag = Self.tag(of: key), tag < entries.count && entries[tag].made { return entries[tag].omittedWhenNil }
        return Self.omitted(key)
    }

    private static func tag<Key: CodingKey>(of key: Key) -> Int? {
        switch MemoryLayout<Key>.size {
        case 0: return 0
        case 1: return withUnsafeBytes(of: key) { Int($0[0]) }
        default: return nil
        }
    }

    private static func omitted(_ key: some CodingKey) -> Bool {
        (key as? OmittedWhenNilKey)?.omittedWhenNil ?? false
    }

    /// The key's quoted name and separator; returns the name's length in bytes.
    private static func written(_ key: some CodingKey, _ style: JSONStyle, into w: inout JSONBytes) -> Int {
        var name = style.snakeCaseKeys ? SnakeCase.convert(key.stringValue) : key.stringValue
        let before = w.count
        name.withUTF8 { w.quoted($0) }
        let n = w.count - before - 2
        switch style.layout {
        case .canonical: w.append(": ")
        case .foundationPretty: w.append(" : ")
        case .compact: w.byte(0x3a)
        }
        return n
    }
}
