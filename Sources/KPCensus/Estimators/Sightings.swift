/// The seconds in which each name was seen, by HTTP Host, TLS SNI or a DNS answer:
/// the raw material of the site capture occasions (noted per request or answer,
/// never per packet).
final class SiteSightings {
    var seconds: [String: [UInt32]] = [:]
    let maxNames: Int

    init(maxNames: Int) { self.maxNames = maxNames }

    /// One hash of the name while the table has room (names are hashed per DNS answer).
    @inline(__always)
    func note(_ name: String, at t: Int64) {
        let s = UInt32(truncatingIfNeeded: t / 1_000_000_000)
        if seconds.count < maxNames {
            SiteSightings.append(s, to: &seconds[name, default: []])
        } else if seconds[name] != nil {
            SiteSightings.append(s, to: &seconds[name]!)
        }
    }

    private static func append(_ s: UInt32, to list: inout [UInt32]) {
        if list.last != s { list.append(s) }
    }
}

/// Cuts the span of a capture into K equal time windows, the capture occasions.
struct TimeWindows {
    static let count = 10
    /// The estimators need this much capture time, so that a window holds a minute.
    static let minimumSpan: Int64 = 600

    let first: UInt32
    let span: Int64

    /// nil (with the span in seconds) when the capture is too short.
    init?(first: Int64?, last: Int64) {
        guard let first else { return nil }
        let a = UInt32(truncatingIfNeeded: first / 1_000_000_000), b = UInt32(truncatingIfNeeded: last / 1_000_000_000)
        guard Int64(b) - Int64(a) >= TimeWindows.minimumSpan else { return nil }
        self.first = a
        span = Int64(b) - Int64(a) + 1
    }

    /// The bit mask of the windows these seconds fall in.
    func mask<S: Sequence>(_ seconds: S) -> Int where S.Element == UInt32 {
        var m = 0
        for s in seconds {
            let w = Int((Int64(s) - Int64(first)) * Int64(TimeWindows.count) / span)
            m |= 1 << min(max(w, 0), TimeWindows.count - 1)
        }
        return m
    }
}
