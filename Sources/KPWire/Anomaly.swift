/// Decode anomalies with stable codes (as Zeek names its "weirds"), counted by the
/// census. A code's `kind` tells a capture that stopped (`truncated`: the snap
/// length cut the packet) from bytes that are wrong (`malformed`), and from a limit
/// that kpcensus itself reached (`limit`).
public enum AnomalyKind: String, Sendable, Codable {
    case truncated, malformed, limit
}

/// The layer a code belongs to; stable names, used in JSON and SQLite.
public enum Layer: String, Sendable, Codable {
    case link, vlan, mpls, arp, ipv4, ipv6, tcp, udp, icmp, icmpv6
    case dns, http, tls, x509, banner, dhcp, flow, stream
    /// nmap's service fingerprints matched on a service's first bytes (KPFingerprint).
    case fingerprint
}

public enum AnomalyCode: String, CaseIterable, Sendable, Codable, Error {
    // Link layers
    case linkUnknownType = "link_unknown_type"
    case ethernetTruncated = "ethernet_truncated", ethernetShort = "ethernet_short"
    case sllTruncated = "sll_truncated", sllShort = "sll_short"
    case nullTruncated = "null_truncated", nullShort = "null_short"
    case nullUnknownFamily = "null_unknown_family"
    case vlanTruncated = "vlan_truncated", vlanShort = "vlan_short"
    case vlanTooManyTags = "vlan_too_many_tags"
    case mplsTruncated = "mpls_truncated", mplsShort = "mpls_short"
    case mplsTooManyLabels = "mpls_too_many_labels"
    case arpTruncated = "arp_truncated", arpShort = "arp_short", arpBadSizes = "arp_bad_sizes"
    // Network layers
    case ipBadVersion = "ip_bad_version"
    case ipv4Truncated = "ipv4_truncated", ipv4Short = "ipv4_short"
    case ipv4BadHeaderLength = "ipv4_bad_header_length"
    case ipv4TotalLengthTooSmall = "ipv4_total_length_lt_header"
    case ipv4BadOption = "ipv4_bad_option"
    case ipv6Truncated = "ipv6_truncated", ipv6Short = "ipv6_short"
    case ipv6ExtensionTruncated = "ipv6_ext_truncated", ipv6ExtensionShort = "ipv6_ext_short"
    case ipv6TooManyExtensions = "ipv6_too_many_ext_headers"
    // Transport layers, a line each
    case tcpTruncated = "tcp_truncated", tcpShort = "tcp_short", tcpBadDataOffset = "tcp_bad_data_offset", tcpBadOption = "tcp_bad_option"
    case udpTruncated = "udp_truncated", udpShort = "udp_short", udpBadLength = "udp_bad_length"
    case icmpTruncated = "icmp_truncated", icmpShort = "icmp_short"
    case icmpv6Truncated = "icmpv6_truncated", icmpv6Short = "icmpv6_short"
    // Applications, a line each
    case dnsTruncated = "dns_truncated", dnsShort = "dns_short", dnsBadLabel = "dns_bad_label", dnsCompressionLoop = "dns_compression_loop",
         dnsPointerOutOfRange = "dns_pointer_out_of_range", dnsNameTooLong = "dns_name_too_long",
         dnsTooManyRecords = "dns_too_many_records", dnsBadRdata = "dns_bad_rdata"
    case httpBadRequestLine = "http_bad_request_line", httpHeadTooLarge = "http_head_too_large"
    case tlsTruncated = "tls_truncated", tlsBadHandshake = "tls_bad_handshake"
    case x509Malformed = "x509_malformed"
    case dhcpTruncated = "dhcp_truncated", dhcpShort = "dhcp_short", dhcpBadOption = "dhcp_bad_option"
    case fingerprintRegexLimit = "fingerprint_regex_limit", fingerprintRegexError = "fingerprint_regex_error"
    // Limits of kpcensus itself
    case flowTableFull = "flow_table_full", streamBufferLimit = "stream_buffer_limit", streamGap = "stream_gap"
    case hostTableFull = "host_table_full", tableLimit = "table_limit"

    public var kind: AnomalyKind {
        switch self {
        case .ethernetTruncated, .sllTruncated, .nullTruncated, .vlanTruncated, .mplsTruncated,
             .arpTruncated, .ipv4Truncated, .ipv6Truncated, .ipv6ExtensionTruncated,
             .tcpTruncated, .udpTruncated, .icmpTruncated, .icmpv6Truncated, .dnsTruncated,
             .tlsTruncated, .dhcpTruncated:
            return .truncated
        case .flowTableFull, .streamBufferLimit, .streamGap, .hostTableFull, .tableLimit,
             .vlanTooManyTags, .mplsTooManyLabels, .ipv6TooManyExtensions, .dnsTooManyRecords,
             .httpHeadTooLarge, .fingerprintRegexLimit:
            return .limit
        default:
            return .malformed
        }
    }

    public var layer: Layer {
        let prefix = rawValue.prefix { $0 != "_" }
        switch prefix {
        case "link", "ethernet", "sll", "null": return .link
        case "ip": return .ipv4
        case "host", "table": return .flow
        default: return Layer(rawValue: String(prefix)) ?? .link
        }
    }
}
