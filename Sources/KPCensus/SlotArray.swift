/// A growable array whose elements are changed in place, for the census's per-packet
/// tables. A Swift array held in a struct held in a class checks its buffer for
/// uniqueness (copy-on-write) at every write, several times a packet; this buffer is
/// never shared, so it has nothing to check. Indices are still bounds-checked.
///
/// A reference type: the table structs that hold one are not copied while counting.
final class SlotArray<Element>: RandomAccessCollection {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init() {
        capacity = 16
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(i: Int) -> Element {
        unsafeAddress {
            precondition(i >= 0 && i < count, "SlotArray index out of range")
            return UnsafePointer(base + i)
        }
        unsafeMutableAddress {
            precondition(i >= 0 && i < count, "SlotArray index out of range")
            return base + i
        }
    }

    func append(_ element: Element) {
        if count == capacity {
            let bigger = UnsafeMutablePointer<Element>.allocate(capacity: 2 * capacity)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }
        (base + count).initialize(to: element)
        count += 1
    }
}
