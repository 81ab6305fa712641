// DHCPv6 (RFC 8415 §8, §9, §21): a client/server message is msg-type (1-11),
// transaction-id (3), then options code(2) length(2) that end exactly; a relay message
// (12, 13) is msg-type, hop-count, link-address (16), peer-address (16), then options.
// Only between ports 546 and 547. A client's FQDN option (39, RFC 4704) names it.

public struct DHCPv6Detector: ProtocolDetector {
    public let about = DetectorAbout("dhcpv6", [.udp], ports: [546, 547])

    public init() {}

    static let types = ["", "solicit", "advertise", "request", "confirm", "renew", "rebind", "reply", "release", "decline",
                        "reconfigure", "information-request", "relay-forw", "relay-repl"]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard ports.contains(input.senderPort) || ports.contains(input.receiverPort), let type = c.u8(at: 0),
              (1 ... 13).contains(type) else { return nil }
        var pos = type >= 12 ? 34 : 4
        var names: [String] = []
        var count = 0
        while pos < c.count {
            guard let code = c.u16(at: pos), let n = c.u16(at: pos + 2), let value = c.slice(at: pos + 4, count: Int(n)) else { return nil }
            if code == 39, type <= 11, let name = Self.fqdn(value) { names.append(name) }
            pos += 4 + Int(n)
            count += 1
        }
        guard count > 0, pos == c.count else { return nil }
        let fromClient = [1, 3, 4, 5, 6, 8, 9, 11].contains(type)
        return verdict(.strong, names: fromClient ? names : [], fields: [DetectionField("message", Self.types[Int(type)])])
    }

    /// The name of an FQDN option (flags, then a DNS-encoded name, uncompressed), without a trailing dot.
    static func fqdn(_ value: UnsafeRawBufferPointer) -> String? {
        let c = ByteCursor(value)
        var labels: [String] = []
        var pos = 1
        while let n = c.u8(at: pos), n != 0 {
            guard n < 64, labels.count < 16, let label = DetectorBytes.text(value, pos + 1 ..< pos + 1 + Int(n), max: 63),
                  !label.contains(" ") else { return nil }
            labels.append(label.asciiLowercased)
            pos += 1 + Int(n)
        }
        return labels.isEmpty ? nil : labels.joined(separator: ".")
    }
}
