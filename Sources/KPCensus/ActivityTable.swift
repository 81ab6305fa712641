import KPModel

/// Packets and bytes per time bucket, for the activity-over-time chart of reports.
/// The bucket width is the smallest of 1 ms, 10 ms, 100 ms, 1 s, 10 s, 1 min,
/// 10 min, 1 h, 1 d (then ×10) that keeps the capture within `maxBuckets` buckets;
/// buckets are aligned to the epoch, and each width divides the next, so
/// coarsening merges buckets exactly and the result depends only on the packet
/// times, not their order.
struct ActivityTable {
    static let maxBuckets: Int64 = 1000
    static let widthsNS: [Int64] = [1, 10, 100, 1000, 10_000, 60_000, 600_000, 3_600_000, 86_400_000].map { $0 * 1_000_000 }

    private(set) var widthNS = ActivityTable.widthsNS[0]
    private(set) var buckets: [Int64: (packets: Int, bytes: Int)] = [:]
    private var minIndex = Int64.max
    private var maxIndex = Int64.min
    // The bucket being filled, flushed when a packet falls elsewhere: while traffic
    // stays in its time range [currentStart, currentEnd) a packet costs two compares.
    private var currentIndex = Int64.min
    private var currentStart = Int64.max
    private var currentEnd = Int64.min
    private var currentPackets = 0
    private var currentBytes = 0

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : (a - b + 1) / b }

    mutating func add(_ ts: Int64, bytes: Int) {
        if ts < currentStart || ts >= currentEnd { enter(ts) }
        currentPackets += 1
        currentBytes += bytes
    }

    /// Makes the bucket of `ts` the current one.
    private mutating func enter(_ ts: Int64) {
        let index = ActivityTable.floorDiv(ts, widthNS)
        if index != currentIndex {
            flush()
            currentIndex = index
            if index < minIndex { minIndex = index }
            if index > maxIndex { maxIndex = index }
            if maxIndex - minIndex >= ActivityTable.maxBuckets {
                coarsen()
                currentIndex = ActivityTable.floorDiv(ts, widthNS)
            }
        }
        currentStart = currentIndex * widthNS
        // Saturated for the last bucket before Int64.max (its packets then come back here).
        let (end, overflow) = currentStart.addingReportingOverflow(widthNS)
        currentEnd = overflow ? .max : end
    }

    private mutating func flush() {
        guard currentPackets > 0 else { return }
        let old = buckets[currentIndex] ?? (0, 0)
        buckets[currentIndex] = (old.packets + currentPackets, old.bytes + currentBytes)
        currentPackets = 0
        currentBytes = 0
    }

    /// Widens the buckets until the capture span fits, merging the counts.
    private mutating func coarsen() {
        flush()
        let old = widthNS
        let lo = minIndex * old, hi = maxIndex * old
        while ActivityTable.floorDiv(hi, widthNS) - ActivityTable.floorDiv(lo, widthNS) >= ActivityTable.maxBuckets {
            widthNS = ActivityTable.widthsNS.first { $0 > widthNS } ?? widthNS * 10
        }
        var merged: [Int64: (packets: Int, bytes: Int)] = [:]
        for (index, c) in buckets {
            let k = ActivityTable.floorDiv(index * old, widthNS)
            let m = merged[k] ?? (0, 0)
            merged[k] = (m.packets + c.packets, m.bytes + c.bytes)
        }
        buckets = merged
        minIndex = ActivityTable.floorDiv(lo, widthNS)
        maxIndex = ActivityTable.floorDiv(hi, widthNS)
    }

    /// The non-empty buckets in time order.
    mutating func inventory() -> Inventory.Activity {
        flush()
        currentIndex = Int64.min
        currentStart = Int64.max
        currentEnd = Int64.min
        var a = Inventory.Activity()
        a.bucketMS = Int(widthNS / 1_000_000)
        a.buckets = buckets.keys.sorted().map { k in
            let c = buckets[k]!
            return Inventory.ActivityBucket(start: Timestamp.iso8601(k * widthNS), packets: c.packets, bytes: c.bytes)
        }
        return a
    }
}
