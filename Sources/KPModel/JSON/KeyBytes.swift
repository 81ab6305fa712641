/// One coding-key type's members as the encoder starts them (the newline and
/// indentation, the quoted key, snake-cased when the style says so, and the
/// layout's separator), made on a key's first use at a depth: its `stringValue`,
/// quoting and indentation, once per member, cost more than the values they label.
///
/// A key is found by its one byte: a key type of at most one byte (a `CodingKeys`
/// enum, synthesized or `String`-backed, of up to 256 cases) is wholly that byte,
/// so the byte names the key. Wider key types (a dictionary's) are written from
/// `stringValue` each time.
final class KeyBytes {
    private struct Entry {
        var start = 0
        var count = 0
        /// Room kept at `start`: a member remade at another depth reuses it when it fits.
        var room = 0
        /// The key's offset and length in the entry's bytes (after its quote).
        var nameStart = 0
        var nameCount = 0
        var depth = -1
        var omittedWhenNil: Bool?
    }

    private let style: JSONStyle
    private let keySize: Int
    private var bytes: [UInt8] = []
    private var entries: [Entry] = []
    /// Whether the key type is an `OmittedWhenNilKey`, asked on its first nil: a
    /// conformance lookup scans the whole binary's conformances.
    private var mayOmit: Bool?

    init<Key: CodingKey>(_: Key.Type, style: JSONStyle) {
        self.style = style
        keySize = MemoryLayout<Key>.size
    }

    /// Starts a member at `depth`: writes its newline, indentation, `"name"` and
    /// separator; returns where the name starts in `w` and its length.
    func write<Key: CodingKey>(_ key: Key, depth: Int, into w: inout JSONBytes) -> (nameStart: Int, nameCount: Int) {
        let begin = w.count
        guard let tag = tag(of: key) else {
            let n = written(key, depth: depth, into: &w)
            return (begin + n.nameStart, n.nameCount)
        }
        if tag < entries.count && entries[tag].depth == depth {
            let e = entries[tag]
            bytes.withUnsafeBufferPointer { w.append(UnsafeBufferPointer(rebasing: $0[e.start..<(e.start + e.count)])) }
            return (begin + e.nameStart, e.nameCount)
        }
        let n = written(key, depth: depth, into: &w)
        remember(tag, UnsafeBufferPointer(rebasing: w.bytes[begin...]), n, depth)
        return (begin + n.nameStart, n.nameCount)
    }

    /// Whether a nil value under `key` stays out whatever the style says.
    func omittedWhenNil<Key: CodingKey>(_ key: Key) -> Bool {
        if mayOmit == nil { mayOmit = Key.self is OmittedWhenNilKey.Type }
        guard mayOmit! else { return false }
        guard let tag = tag(of: key), tag < entries.count else { return Self.omitted(key) }
        if entries[tag].omittedWhenNil == nil { entries[tag].omittedWhenNil = Self.omitted(key) }
        return entries[tag].omittedWhenNil!
    }

    private func remember(_ tag: Int, _ made: UnsafeBufferPointer<UInt8>, _ n: (nameStart: Int, nameCount: Int), _ depth: Int) {
        if tag >= entries.count { entries += Array(repeating: Entry(), count: tag + 1 - entries.count) }
        var e = entries[tag]
        if made.count > e.room {
            e.start = bytes.count
            e.room = made.count
            bytes += made
        } else {
            bytes.withUnsafeMutableBufferPointer { _ = UnsafeMutableBufferPointer(rebasing: $0[e.start...]).update(fromContentsOf: made) }
        }
        e.count = made.count
        (e.nameStart, e.nameCount, e.depth) = (n.nameStart, n.nameCount, depth)
        entries[tag] = e
    }

    private func tag<Key: CodingKey>(of key: Key) -> Int? {
        switch keySize {
        case 0: return 0
        case 1: return Int(unsafeBitCast(key, to: UInt8.self))
        default: return nil
        }
    }

    private static func omitted(_ key: some CodingKey) -> Bool {
        (key as? OmittedWhenNilKey)?.omittedWhenNil ?? false
    }

    /// The member's start: newline and indentation (but for `compact`), quoted
    /// name and separator; returns the name's offset from the start and its length.
    private func written(_ key: some CodingKey, depth: Int, into w: inout JSONBytes) -> (nameStart: Int, nameCount: Int) {
        let begin = w.count
        if style.layout != .compact {
            w.byte(0x0a)
            w.spaces(depth * 2)
        }
        var name = style.snakeCaseKeys ? SnakeCase.convert(key.stringValue) : key.stringValue
        let quote = w.count
        name.withUTF8 { w.quoted($0) }
        let n = w.count - quote - 2
        switch style.layout {
        case .canonical: w.append(": ")
        case .foundationPretty: w.append(" : ")
        case .compact: w.byte(0x3a)
        }
        return (quote + 1 - begin, n)
    }
}
