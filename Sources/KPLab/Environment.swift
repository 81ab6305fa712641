import Foundation

/// What the lab needs from the machine: privileges and tools.
public enum Environment {
    /// Debian packages of the tools the lab runs.
    static let packages: [String: String] = [
        "ip": "iproute2", "nft": "nftables", "nginx": "nginx-light", "dnsmasq": "dnsmasq-base",
        "smtpd": "opensmtpd", "dovecot": "dovecot-imapd and dovecot-pop3d", "sshd": "openssh-server",
        "ssh-keygen": "openssh-client", "ssh-keyscan": "openssh-client", "curl": "curl", "dig": "dnsutils",
        "swaks": "swaks", "openssl": "openssl", "ethtool": "ethtool", "ssh": "openssh-client", "unshare": "util-linux", "sysctl": "procps", "ss": "iproute2",
    ]

    /// Linux capability numbers (linux/capability.h).
    public enum Capability: Int, CaseIterable, Sendable {
        case netAdmin = 12, netRaw = 13, sysAdmin = 21

        public var name: String {
            switch self {
            case .netAdmin: return "CAP_NET_ADMIN"
            case .netRaw: return "CAP_NET_RAW"
            case .sysAdmin: return "CAP_SYS_ADMIN"
            }
        }
    }

    /// The effective capabilities of this process (from /proc/self/status).
    static func effectiveCapabilities() -> UInt64 {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("CapEff:") {
            return UInt64(line.dropFirst(7).trimmingCharacters(in: .whitespaces), radix: 16) ?? 0
        }
        return 0
    }

    /// Throws (exit 3) naming every missing capability and what it is for.
    public static func require(_ caps: [Capability], for what: String) throws {
        let eff = effectiveCapabilities()
        let missing = caps.filter { eff & (1 << UInt64($0.rawValue)) == 0 }
        guard missing.isEmpty else {
            throw LabError.environment("\(what) needs \(missing.map(\.name).joined(separator: " and ")): run as root (sudo) or grant the capabilities")
        }
    }

    /// Throws (exit 3) naming the Debian package of the first missing tool.
    public static func requireTools(_ tools: [String]) throws {
        for t in tools { _ = try Exec.path(of: t) }
    }
}
