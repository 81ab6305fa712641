// One direction's CRYPTO stream at the Initial level, put back together by offset
// (RFC 9000 §19.6): frames may come out of order, overlap, repeat, and span packets
// (a ClientHello with a post-quantum key share fills two Initials). Bounded: bytes
// past `maxBytes` and more than `maxRanges` separate holes are refused.

struct QUICCryptoStream {
    /// A ClientHello is rarely above 8 KiB; 64 KiB leaves room and bounds memory.
    static let maxBytes = 65_536
    static let maxRanges = 32

    private(set) var bytes: [UInt8] = []
    /// Received [start, end) spans, sorted and merged.
    private var ranges: [Range<Int>] = []

    /// How many bytes from offset 0 have arrived without a hole.
    var contiguousCount: Int { ranges.first.map { $0.lowerBound == 0 ? $0.upperBound : 0 } ?? 0 }

    /// Adds one CRYPTO frame's data; false when it lies past the bound.
    mutating func add(offset: UInt64, data: UnsafeRawBufferPointer) -> Bool {
        guard offset <= UInt64(Self.maxBytes), UInt64(data.count) <= UInt64(Self.maxBytes) - offset else { return false }
        guard !data.isEmpty else { return true }
        let start = Int(offset), end = start + data.count
        guard insert(start ..< end) else { return false }
        if bytes.count < end { bytes.append(contentsOf: repeatElement(0, count: end - bytes.count)) }
        bytes.withUnsafeMutableBytes { UnsafeMutableRawBufferPointer(rebasing: $0[start ..< end]).copyMemory(from: data) }
        return true
    }

    /// The first handshake message (type, 3-byte length, body) once all of it is here.
    var firstMessage: [UInt8]? {
        let have = contiguousCount
        guard have >= 4 else { return nil }
        let length = Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])
        guard have >= 4 + length else { return nil }
        return Array(bytes[0 ..< 4 + length])
    }

    /// True when the first message's length is already known to exceed the bound.
    var firstMessageTooLong: Bool {
        guard contiguousCount >= 4 else { return false }
        return 4 + (Int(bytes[1]) << 16 | Int(bytes[2]) << 8 | Int(bytes[3])) > Self.maxBytes
    }

    private mutating func insert(_ new: Range<Int>) -> Bool {
        var merged = new
        var kept: [Range<Int>] = []
        kept.reserveCapacity(ranges.count + 1)
        for r in ranges {
            if r.upperBound < merged.lowerBound || r.lowerBound > merged.upperBound {
                kept.append(r)
            } else {
                merged = min(r.lowerBound, merged.lowerBound) ..< max(r.upperBound, merged.upperBound)
            }
        }
        kept.append(merged)
        kept.sort { $0.lowerBound < $1.lowerBound }
        guard kept.count <= Self.maxRanges else { return false }
        ranges = kept
        return true
    }
}
