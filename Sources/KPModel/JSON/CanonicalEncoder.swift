/// Streams a value's JSON into one byte buffer as its `encode(to:)` runs. An
/// object's members are written in the order the value gives them and put in key
/// order when the object closes (a byte move, no tree of boxed values as
/// JSONEncoder builds); a container closes when the `encode(to:)` that opened it returns.
final class CanonicalEncoder: Encoder {
    var w = JSONBytes()
    let style: JSONStyle
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private struct Frame {
        var isObject: Bool
        var count = 0
        /// First byte after the opening bracket.
        var bodyStart: Int
        /// This object's first entry in `members`.
        var memberBase: Int
    }

    /// One object member's bytes in `w.out`: from its newline to its value's end
    /// (the separating comma excluded), and its key's bytes.
    private struct Member {
        var start: Int
        var end = 0
        var keyStart: Int
        var keyEnd: Int
    }

    private var frames: [Frame] = []
    private var members: [Member] = []
    /// Frames open when the innermost `value(_:)` began: one more is the value's own container.
    private var valueBase = 0
    private var scratch: [UInt8] = []
    private var order: [Int] = []
    private var snakeKeys: [String: String] = [:]
    private let spaces = [UInt8](repeating: 0x20, count: 256)

    init(style: JSONStyle) {
        self.style = style
        w.out.reserveCapacity(1 << 16)
    }

    /// Writes one value: scalars directly, anything else through its `encode(to:)`.
    func value<T: Encodable>(_ v: T) throws {
        if T.self == String.self { return w.string(v as! String) }
        if T.self == Int.self { return w.int(Int64(v as! Int)) }
        if T.self == Double.self { return try w.double(v as! Double) }
        if T.self == Bool.self { return w.bool(v as! Bool) }
        let saved = valueBase
        valueBase = frames.count
        defer { valueBase = saved }
        let before = w.out.count
        try v.encode(to: self)
        if frames.count > valueBase {
            close()
        } else if w.out.count == before {
            w.out.append(contentsOf: [0x7b, 0x7d])   // JSONEncoder writes {} for a value that encodes nothing
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if frames.count == valueBase { open(object: true) }
        return KeyedEncodingContainer(CanonicalKeyedContainer<Key>(encoder: self))
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if frames.count == valueBase { open(object: false) }
        return CanonicalUnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { CanonicalSingleValue(encoder: self) }

    private func open(object: Bool) {
        w.out.append(object ? 0x7b : 0x5b)
        frames.append(Frame(isObject: object, bodyStart: w.out.count, memberBase: members.count))
    }

    private func newline(_ depth: Int) {
        if style.layout == .compact { return }
        w.out.append(0x0a)
        var n = depth * 2
        while n > 0 {
            let k = min(n, spaces.count)
            w.out.append(contentsOf: spaces[0..<k])
            n -= k
        }
    }

    /// Starts an array element in the innermost container.
    func element() {
        let top = frames.count - 1
        if frames[top].count > 0 { w.out.append(0x2c) }
        frames[top].count += 1
        newline(frames.count)
    }

    /// Starts an object member in the innermost container.
    func member(_ key: CodingKey) {
        let top = frames.count - 1
        if frames[top].count > 0 {
            members[members.count - 1].end = w.out.count
            w.out.append(0x2c)
        }
        frames[top].count += 1
        let start = w.out.count
        newline(frames.count)
        let name = style.snakeCaseKeys ? snakeCase(key.stringValue) : key.stringValue
        w.string(name)
        let indent = style.layout == .compact ? 0 : 1 + frames.count * 2
        members.append(Member(start: start, keyStart: start + indent + 1, keyEnd: w.out.count - 1))
        switch style.layout {
        case .canonical: w.out.append(contentsOf: [0x3a, 0x20])
        case .foundationPretty: w.out.append(contentsOf: [0x20, 0x3a, 0x20])
        case .compact: w.out.append(0x3a)
        }
    }

    /// Whether a nil value under `key` is left out rather than written as null.
    func omits(_ key: CodingKey) -> Bool {
        if let k = key as? OmittedWhenNilKey, k.omittedWhenNil { return true }
        return style.nils == .omitted
    }

    private func close() {
        let f = frames.removeLast()
        if f.isObject {
            if f.count > 1 {
                members[members.count - 1].end = w.out.count
                sortMembers(f)
            }
            members.removeLast(f.count)
        }
        if f.count == 0 {
            if style.layout == .foundationPretty {
                w.out.append(0x0a)
                newline(frames.count)
            }
        } else {
            newline(frames.count)
        }
        w.out.append(f.isObject ? 0x7d : 0x5d)
    }

    /// Puts the members of the object that is closing in key order.
    private func sortMembers(_ f: Frame) {
        let base = f.memberBase, n = f.count
        var sorted = true
        for i in 1..<n where keyLess(members[base + i], members[base + i - 1]) {
            sorted = false
            break
        }
        if sorted { return }
        order.removeAll(keepingCapacity: true)
        for i in 0..<n {
            var j = order.count
            while j > 0 && keyLess(members[base + i], members[base + order[j - 1]]) { j -= 1 }
            order.insert(i, at: j)
        }
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: w.out[f.bodyStart...])
        w.out.removeLast(w.out.count - f.bodyStart)
        for (i, m) in order.enumerated() {
            if i > 0 { w.out.append(0x2c) }
            let s = members[base + m]
            w.out.append(contentsOf: scratch[(s.start - f.bodyStart)..<(s.end - f.bodyStart)])
        }
    }

    private func keyLess(_ a: Member, _ b: Member) -> Bool {
        w.out.withUnsafeBufferPointer { p in
            let la = a.keyEnd - a.keyStart, lb = b.keyEnd - b.keyStart
            for i in 0..<min(la, lb) where p[a.keyStart + i] != p[b.keyStart + i] {
                return p[a.keyStart + i] < p[b.keyStart + i]
            }
            return la < lb
        }
    }

    private func snakeCase(_ key: String) -> String {
        if let s = snakeKeys[key] { return s }
        let s = SnakeCase.convert(key)
        snakeKeys[key] = s
        return s
    }
}
