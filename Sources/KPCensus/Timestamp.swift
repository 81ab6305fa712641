/// ISO 8601 UTC text with microseconds for nanosecond timestamps, computed without
/// locale or time zone so it is the same on every machine.
public enum Timestamp {
    public static func iso8601(_ ns: Int64) -> String {
        let secs = ns >= 0 ? ns / 1_000_000_000 : (ns - 999_999_999) / 1_000_000_000
        let micros = (ns - secs * 1_000_000_000) / 1000
        var days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        let rem = secs - days * 86400
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        // Written digit by digit (one String per observation stored): Int64 nanoseconds
        // span the years 1677 to 2262, so every field has a fixed width.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 27) { out in
            var n = 0
            func put(_ value: Int64, _ width: Int, then separator: UInt8) {
                var v = value
                for i in stride(from: width - 1, through: 0, by: -1) {
                    out[n + i] = 0x30 + UInt8(truncatingIfNeeded: v % 10)
                    v /= 10
                }
                out[n + width] = separator
                n += width + 1
            }
            put(year, 4, then: UInt8(ascii: "-"))
            put(month, 2, then: UInt8(ascii: "-"))
            put(day, 2, then: UInt8(ascii: "T"))
            put(rem / 3600, 2, then: UInt8(ascii: ":"))
            put(rem / 60 % 60, 2, then: UInt8(ascii: ":"))
            put(rem % 60, 2, then: UInt8(ascii: "."))
            put(micros, 6, then: UInt8(ascii: "Z"))
            return String(decoding: UnsafeBufferPointer(rebasing: out[..<n]), as: UTF8.self)
        }
    }
}
