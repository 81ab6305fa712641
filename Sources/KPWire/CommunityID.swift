// Community ID v1 (corelight/community-id-spec): one string per bidirectional flow,
// the same in Zeek, Suricata, Wireshark and kpcensus, so flows join across tools.
//   "1:" + base64(SHA-1(seed(2, BE) ‖ saddr ‖ daddr ‖ proto(1) ‖ 0(1) ‖ sport(2) ‖ dport(2)))
// The endpoints are ordered so both directions hash alike: the smaller address first,
// and on equal addresses the smaller port. Ports are hashed only for TCP, UDP, SCTP,
// ICMP and ICMPv6; for the ICMPs they are the type and, for a type with a reply type
// (echo, timestamp, …), that counterpart, or else the code, and such one-way
// messages keep the order they were sent in.

/// The Community ID v1 of a flow.
public enum CommunityID {
    static let icmp: UInt8 = 1, tcp: UInt8 = 6, udp: UInt8 = 17, icmpv6: UInt8 = 58, sctp: UInt8 = 132

    /// ICMP request and reply types that pair up like a port pair (the specification's table).
    static let icmpCounterparts: [UInt8: UInt8] = [8: 0, 0: 8, 13: 14, 14: 13, 15: 16, 16: 15, 10: 9, 9: 10, 17: 18, 18: 17]
    static let icmpv6Counterparts: [UInt8: UInt8] = [
        128: 129, 129: 128, 133: 134, 134: 133, 135: 136, 136: 135,
        130: 131, 131: 130, 139: 140, 140: 139, 144: 145, 145: 144,
    ]

    /// `1:` and the base64 hash, for a packet from `source` to `destination`; for ICMP
    /// and ICMPv6 the ports are the message's type and code.
    public static func v1(source: IPAddress, destination: IPAddress, sourcePort: UInt16, destinationPort: UInt16,
                          proto: UInt8, seed: UInt16 = 0) -> String {
        var sport = sourcePort, dport = destinationPort
        var oneWay = false
        if proto == icmp || proto == icmpv6 {
            let type = UInt8(truncatingIfNeeded: sourcePort)
            if let reply = (proto == icmp ? icmpCounterparts : icmpv6Counterparts)[type] {
                dport = UInt16(reply)
            } else {
                oneWay = true
            }
        }
        var a = bytes(source), b = bytes(destination)
        let ordered = oneWay || a.lexicographicallyPrecedes(b) || (a == b && sport <= dport)
        if !ordered {
            swap(&a, &b)
            swap(&sport, &dport)
        }
        var input: [UInt8] = [UInt8(seed >> 8), UInt8(seed & 0xff)]
        input += a
        input += b
        input += [proto, 0]
        if [tcp, udp, sctp, icmp, icmpv6].contains(proto) {
            input += [UInt8(sport >> 8), UInt8(sport & 0xff), UInt8(dport >> 8), UInt8(dport & 0xff)]
        }
        return "1:" + base64(SHA1.hash(input))
    }

    /// 4 bytes for an IPv4 address, 16 for IPv6, in network order.
    static func bytes(_ address: IPAddress) -> [UInt8] {
        if address.isV4 { return (0 ..< 4).map { UInt8(truncatingIfNeeded: address.v4 >> (24 - 8 * UInt32($0))) } }
        return [address.hi, address.lo].flatMap { w in (0 ..< 8).map { UInt8(truncatingIfNeeded: w >> (56 - 8 * UInt64($0))) } }
    }

    /// Standard base64 with `=` padding (RFC 4648 §4).
    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var out = ""
        var i = 0
        while i < bytes.count {
            let n = bytes.count - i
            let v = UInt32(bytes[i]) << 16 | (n > 1 ? UInt32(bytes[i + 1]) << 8 : 0) | (n > 2 ? UInt32(bytes[i + 2]) : 0)
            out.append(table[Int(v >> 18 & 63)])
            out.append(table[Int(v >> 12 & 63)])
            out.append(n > 1 ? table[Int(v >> 6 & 63)] : "=")
            out.append(n > 2 ? table[Int(v & 63)] : "=")
            i += 3
        }
        return out
    }
}
