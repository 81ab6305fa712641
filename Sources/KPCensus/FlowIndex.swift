/// The slots of the active flows by key: open addressing with linear probing over slot
/// numbers, the keys themselves being read from the flow table, so a lookup is one hash
/// and usually one key comparison (a `[FlowKey: Int32]` lookup cost about 140
/// instructions). Removal shifts the entries after it back, so no tombstones build up.
/// The hash is seeded per table, as Swift seeds Dictionary per process, so crafted
/// flows cannot be made to collide across runs.
struct FlowIndex {
    /// Slot + 1 per bucket; 0 is empty. At most half full.
    private var buckets = [Int32](repeating: 0, count: 1024)
    private var mask = 1023
    private let seed = UInt64.random(in: .min ... .max)
    private(set) var count = 0

    private func home(_ key: FlowKey) -> Int { Int(truncatingIfNeeded: key.fastHash(seed: seed)) & mask }

    /// The slot of `key`, or nil.
    func find(_ key: FlowKey, in slots: SlotArray<FlowState>) -> Int? {
        var i = home(key)
        while true {
            let s = Int(buckets[i])
            if s == 0 { return nil }
            if slots[s - 1].key == key { return s - 1 }
            i = (i + 1) & mask
        }
    }

    /// Adds `slot`, whose key is not in the index yet.
    mutating func insert(_ slot: Int, in slots: SlotArray<FlowState>) {
        if 2 * (count + 1) > buckets.count { grow(slots) }
        var i = home(slots[slot].key)
        while buckets[i] != 0 { i = (i + 1) & mask }
        buckets[i] = Int32(slot + 1)
        count += 1
    }

    /// Removes `slot`, which is in the index.
    mutating func remove(_ slot: Int, in slots: SlotArray<FlowState>) {
        var hole = home(slots[slot].key)
        while Int(buckets[hole]) != slot + 1 { hole = (hole + 1) & mask }
        // Move back every later entry of the run that may sit no earlier than its home.
        var j = hole
        while true {
            j = (j + 1) & mask
            let s = Int(buckets[j])
            if s == 0 { break }
            let k = home(slots[s - 1].key)
            // Can the entry at j move to the hole: is its home cyclically outside (hole, j]?
            let outside = hole <= j ? (k <= hole || k > j) : (k <= hole && k > j)
            if outside {
                buckets[hole] = buckets[j]
                hole = j
            }
        }
        buckets[hole] = 0
        count -= 1
    }

    private mutating func grow(_ slots: SlotArray<FlowState>) {
        let old = buckets
        buckets = [Int32](repeating: 0, count: 2 * old.count)
        mask = buckets.count - 1
        for s in old where s != 0 {
            var i = home(slots[Int(s) - 1].key)
            while buckets[i] != 0 { i = (i + 1) & mask }
            buckets[i] = s
        }
    }
}
