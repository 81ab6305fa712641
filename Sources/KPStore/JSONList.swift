import Foundation

/// A list of strings as a JSON array, as the list columns store it. Written by hand:
/// `JSONSerialization` (boxing every element) cost more than all the inserts of a run.
enum JSONList {
    static func encode(_ list: [String]) -> String {
        var out: [UInt8] = []
        // Sized once for the common case (nothing to escape): it grew from one byte.
        out.reserveCapacity(list.reduce(2) { $0 + $1.utf8.count + 3 })
        out.append(UInt8(ascii: "["))
        for (n, s) in list.enumerated() {
            if n > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "\""))
            for b in s.utf8 {
                // Control characters take JSONSerialization's own escapes (rare: names
                // arrive escaped by the decoders).
                if b < 0x20 || b == 0x7f { return viaFoundation(list) }
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(b)
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    static func viaFoundation(_ list: [String]) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
