/// A stack of trivial values (integers, flags) in raw memory, for the encoder's
/// frames and members: an Array checks its buffer is unique on every change, and
/// the encoder changes these once per member and per container.
struct RawStack<Element> {
    private var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the memory; the stack is not used afterwards.
    func free() { base.deallocate() }

    subscript(i: Int) -> Element {
        get {
            assert(i >= 0 && i < count)
            return base[i]
        }
        nonmutating set {
            assert(i >= 0 && i < count)
            base[i] = newValue
        }
    }

    mutating func append(_ e: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: e)
        count += 1
    }

    mutating func removeLast() -> Element {
        assert(count > 0)
        count -= 1
        return base[count]
    }

    mutating func removeLast(_ n: Int) {
        assert(n <= count)
        count -= n
    }

    private mutating func grow() {
        let next = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        next.moveInitialize(from: base, count: count)
        base.deallocate()
        base = next
        capacity *= 2
    }
}
