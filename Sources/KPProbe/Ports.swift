/// `--ports`: a list ("22,25,80-90"), `top100` (nmap's 100 most frequent TCP ports) or `all`.
public enum Ports {
    public static let top100: [UInt16] = [
        7, 9, 13, 21, 22, 23, 25, 26, 37, 53, 79, 80, 81, 88, 106, 110, 111, 113, 119, 135, 139, 143, 144, 179, 199,
        389, 427, 443, 444, 445, 465, 513, 514, 515, 543, 544, 548, 554, 587, 631, 646, 873, 990, 993, 995, 1025, 1026,
        1027, 1028, 1029, 1110, 1433, 1720, 1723, 1755, 1900, 2000, 2001, 2049, 2121, 2717, 3000, 3128, 3306, 3389,
        3986, 4899, 5000, 5009, 5051, 5060, 5101, 5190, 5357, 5432, 5631, 5666, 5800, 5900, 6000, 6001, 6646, 7070,
        8000, 8008, 8009, 8080, 8081, 8443, 8888, 9100, 9999, 10000, 32768, 49152, 49153, 49154, 49155, 49156, 49157,
    ]

    public static func parse(_ text: String) throws -> [UInt16] {
        switch text {
        case "top100": return top100
        case "all": return Array(1 ... 65535)
        default: break
        }
        var out = Set<UInt16>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let ends = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1 ... 2).contains(ends.count), let lo = UInt16(ends[0]), let hi = UInt16(ends.last!), lo >= 1, lo <= hi else {
                throw ScanError("--ports \(text): '\(item)' is not a port (1-65535) or range such as 80-90; or give top100 or all")
            }
            for p in lo ... hi { out.insert(p) }
        }
        return out.sorted()
    }

    /// The ports as `parse` reads them back, runs of consecutive ports as ranges ("22,80-90").
    public static func text(_ ports: [UInt16]) -> String {
        var parts: [String] = [], i = 0
        let sorted = ports.sorted()
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i])-\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }
}
