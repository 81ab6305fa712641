#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

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
        if let v4 = ipv4(addr) {
            return "\(v4[0]).\(v4[1]).\(v4[2]).0/24"
        }
        if var a = ipv6Addr(addr) {
            withUnsafeMutableBytes(of: &a) { b in for i in 8 ..< 16 { b[i] = 0 } }
            var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &a, &buf, socklen_t(buf.count)) != nil else { return addr }
            return String(cString: buf) + "/64"
        }
        return addr
    }

    /// True for a unicast address outside 10/8, 172.16/12, 192.168/16, 127/8,
    /// 169.254/16, 0/8, fc00::/7, fe80::/10 and ::1 — a fact for the air-gap
    /// section, not a verdict.
    public static func isOutsidePrivateRanges(_ addr: String) -> Bool {
        if let b = ipv4(addr) {
            switch (b[0], b[1]) {
            case (10, _), (127, _), (0, _), (169, 254), (192, 168): return false
            case (172, 16 ... 31): return false
            default: return true
            }
        }
        if let b = ipv6(addr) {
            if b[0] & 0xfe == 0xfc { return false }
            if b[0] == 0xfe && b[1] & 0xc0 == 0x80 { return false }
            if b[0 ..< 15].allSatisfy({ $0 == 0 }) { return false }
            return true
        }
        return false
    }

    static func ipv4(_ s: String) -> [UInt8]? {
        var a = in_addr()
        guard inet_pton(AF_INET, s, &a) == 1 else { return nil }
        return withUnsafeBytes(of: &a) { Array($0) }
    }

    static func ipv6Addr(_ s: String) -> in6_addr? {
        var a = in6_addr()
        guard inet_pton(AF_INET6, s, &a) == 1 else { return nil }
        return a
    }

    static func ipv6(_ s: String) -> [UInt8]? {
        guard var a = ipv6Addr(s) else { return nil }
        return withUnsafeBytes(of: &a) { Array($0) }
    }

    /// Sorts addresses numerically (IPv4 before IPv6), so 10.0.0.9 comes before 10.0.0.10.
    static func addrKey(_ s: String) -> [UInt8] {
        if let v4 = ipv4(s) { return [4] + v4 }
        if let v6 = ipv6(s) { return [6] + v6 }
        return [9] + Array(s.utf8)
    }

    static func addrLess(_ a: String, _ b: String) -> Bool {
        addrKey(a).lexicographicallyPrecedes(addrKey(b))
    }
}
