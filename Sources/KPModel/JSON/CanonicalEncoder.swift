import Foundation

/// Streams a value's JSON into one byte buffer as its `encode(to:)` runs. An
/// object's members are written in the order the value gives them and put in key
/// order when the object closes (a byte move, no tree of boxed values as
/// JSONEncoder builds; none at all when the coding keys are declared in key order);
/// a container closes when the `encode(to:)` that opened it returns.
final class CanonicalEncoder: Encoder {
    var w = JSONBytes(capacity: 1 << 16)
    let style: JSONStyle
    var codingPath: [CodingKey] { [] }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    private struct Frame {
        var isObject = false
        var count = 0
        /// First byte after the opening bracket.
        var bodyStart = 0
        /// This object's first entry in `members`.
        var memberBase = 0
    }

    /// One object member's bytes: from its newline to its value's end (the
    /// separating comma excluded), and its key's bytes.
    private struct Member {
        var start: Int
        var end = 0
        var keyStart: Int
        var keyEnd: Int
    }

    /// The innermost open container, and those it is in.
    private var top = Frame()
    private var outer = RawStack<Frame>(capacity: 64)
    /// Containers open (the depth of the next line).
    private var open = 0
    private var members = RawStack<Member>(capacity: 1024)
    /// Containers open when the innermost `value(_:)` began: one more is the value's own.
    private var valueBase = 0
    private var scratch = JSONBytes(capacity: 1 << 12)
    private var order: [Int] = []
    /// One container per key type, made once and found by a scan of a few
    /// identifiers: making one (a box and its generic metadata) per object was a
    /// fifth of the encoding, and a dictionary lookup and cast per object a tenth.
    private var keyedTypes: [ObjectIdentifier] = []
    private var keyed: [AnyObject] = []

    init(style: JSONStyle) { self.style = style }

    deinit {
        w.free()
        scratch.free()
        outer.free()
        members.free()
    }

    /// Lets the encoder go: the kept containers refer to it.
    func finish() { keyed.removeAll() }

    /// The bytes written, and a final newline.
    func data() -> Data {
        w.byte(0x0a)
        return Data(w.bytes)
    }

    /// Writes one value: scalars and lists of strings directly (the casts are free
    /// once the type is known), anything else through its `encode(to:)`.
    func value<T: Encodable>(_ v: T) throws {
        if T.self == String.self { return w.string(unsafeBitCast(v, to: String.self)) }
        if T.self == Int.self { return w.int(Int64(unsafeBitCast(v, to: Int.self))) }
        if T.self == Double.self { return try w.double(unsafeBitCast(v, to: Double.self)) }
        if T.self == Bool.self { return w.bool(unsafeBitCast(v, to: Bool.self)) }
        if T.self == [String].self {
            openContainer(object: false)
            for s in unsafeBitCast(v, to: [String].self) {
                element()
                w.string(s)
            }
            return close()
        }
        let saved = valueBase
        valueBase = open
        defer { valueBase = saved }
        let before = w.count
        try v.encode(to: self)
        if open > valueBase {
            close()
        } else if w.count == before {
            w.append("{}")   // JSONEncoder writes {} for a value that encodes nothing
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if open == valueBase { openContainer(object: true) }
        let id = ObjectIdentifier(type)
        if let i = keyedTypes.firstIndex(of: id) { return unsafeDowncast(keyed[i], to: KeyedSlot<Key>.self).container }
        let made = KeyedSlot(KeyedEncodingContainer(CanonicalKeyedContainer<Key>(encoder: self, keys: KeyBytes(Key.self, style: style))))
        keyedTypes.append(id)
        keyed.append(made)
        return made.container
    }

    func unkeyedContainer() -> UnkeyedEncodingContainer {
        if open == valueBase { openContainer(object: false) }
        return CanonicalUnkeyedContainer(encoder: self)
    }

    func singleValueContainer() -> SingleValueEncodingContainer { CanonicalSingleValue(encoder: self) }

    private func openContainer(object: Bool) {
        w.byte(object ? 0x7b : 0x5b)
        if open > 0 { outer.append(top) }
        top = Frame(isObject: object, bodyStart: w.count, memberBase: members.count)
        open += 1
    }

    private func newline() {
        if style.layout == .compact { return }
        w.byte(0x0a)
        w.spaces(open * 2)
    }

    /// Starts an array element in the innermost container.
    func element() {
        if top.count > 0 { w.byte(0x2c) }
        top.count += 1
        newline()
    }

    /// Starts an object member in the innermost container.
    func member<Key: CodingKey>(_ key: Key, _ keys: KeyBytes) {
        if top.count > 0 {
            members[members.count - 1].end = w.count
            w.byte(0x2c)
        }
        top.count += 1
        let start = w.count
        let name = keys.write(key, depth: open, into: &w)
        members.append(Member(start: start, keyStart: name.nameStart, keyEnd: name.nameStart + name.nameCount))
    }

    /// Whether a nil value under `key` is left out rather than written as null.
    func omits<Key: CodingKey>(_ key: Key, _ keys: KeyBytes) -> Bool {
        style.nils == .omitted || keys.omittedWhenNil(key)
    }

    private func close() {
        let f = top
        open -= 1
        if open > 0 { top = outer.removeLast() }
        if f.isObject {
            if f.count > 1 {
                members[members.count - 1].end = w.count
                sortMembers(f)
            }
            members.removeLast(f.count)
        }
        if f.count > 0 {
            newline()
        } else if style.layout == .foundationPretty {
            w.byte(0x0a)
            newline()
        }
        w.byte(f.isObject ? 0x7d : 0x5d)
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
        scratch.truncate(to: 0)
        scratch.append(UnsafeBufferPointer(rebasing: w.bytes[f.bodyStart...]))
        w.truncate(to: f.bodyStart)
        let moved = scratch.bytes
        for (i, m) in order.enumerated() {
            if i > 0 { w.byte(0x2c) }
            let s = members[base + m]
            w.append(UnsafeBufferPointer(rebasing: moved[(s.start - f.bodyStart)..<(s.end - f.bodyStart)]))
        }
    }

    private func keyLess(_ a: Member, _ b: Member) -> Bool {
        let p = w.base
        let la = a.keyEnd - a.keyStart, lb = b.keyEnd - b.keyStart
        for i in 0..<min(la, lb) where p[a.keyStart + i] != p[b.keyStart + i] {
            return p[a.keyStart + i] < p[b.keyStart + i]
        }
        return la < lb
    }
}

/// A key type's container, kept for the rest of the encoding.
private final class KeyedSlot<Key: CodingKey> {
    let container: KeyedEncodingContainer<Key>
    init(_ container: KeyedEncodingContainer<Key>) { self.container = container }
}
