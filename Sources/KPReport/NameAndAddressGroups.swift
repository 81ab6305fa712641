import KPWire

/// How reports group names and addresses: site categories, subnets, and which
/// addresses lie outside the private ranges an intranet uses.
public enum Grouping {
    /// Second-level zones of .kp that group sites by kind (com.kp, edu.kp, …).
    static let kpSecondLevel: Set<String> = ["com", "edu", "gov", "net", "org", "rep", "tra"]

    /// The category of a site name, derived from the name alone: the .kp
    /// second-level zone it lies under ("com.kp", "rep.kp", …), "kp" for names
    /// registered directly under .kp, or "other: TLD" outside .kp.
    public static func category(of name: String) -> String {
        let labels = name.split(separator: ".").map(String.init)
        guard let tld = labels.last else { return "other" }
        if tld == "kp" {
            if labels.count >= 3, kpSecondLevel.contains(labels[labels.count - 2]) { return "\(labels[labels.count - 2]).kp" }
            return "kp"
        }
        return "other: \(tld)"
    }

    /// The /24 of an IPv4 address or the /64 of an IPv6 address, as CIDR text.
    public static func subnet(of addr: String) -> String {
        guard let a = IPAddress(addr) else { return addr }
        return a.prefix(a.isV4 ? 24 : 64).description
    }

    /// True for a unicast address outside 10/8, 172.16/12, 192.168/16, 127/8,
    /// 169.254/16, 0/8, fc00::/7, fe80::/10 and ::1 — a fact for the air-gap
    /// section, not a verdict.
    public static func isOutsidePrivateRanges(_ addr: String) -> Bool {
        IPAddress(addr)?.isOutsidePrivateRanges ?? false
    }

    /// Sorts addresses numerically (IPv4 before IPv6, then what is not an address), so 10.0.0.9 comes before 10.0.0.10.
    static func addrLess(_ a: String, _ b: String) -> Bool {
        switch (IPAddress(a), IPAddress(b)) {
        case let (x?, y?): return x < y
        case (.some, nil): return true
        case (nil, .some): return false
        case (nil, nil): return Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        }
    }
}
