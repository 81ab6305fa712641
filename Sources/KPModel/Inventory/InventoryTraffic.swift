/// The inventory's hosts, services, flows, anomalies and activity.
extension Inventory {
    public struct Host: Codable, Equatable, Sendable {
        public var addr: String
        /// Wire bytes sent or received.
        public var bytes: Int
        /// Ethernet source addresses of its packets (a router's MAC for hosts beyond a router).
        public var macs: [String]
        /// Names from DNS A/AAAA and PTR answers and DHCP host names.
        public var names: [String]
        /// Packets sent or received.
        public var packets: Int
        /// Subset of ["client", "server"]: server when it offers a service, client when it opened a flow that was answered.
        public var roles: [String]

        public init(addr: String, roles: [String], macs: [String], names: [String], packets: Int, bytes: Int) { (self.addr, self.roles, self.macs, self.names, self.packets, self.bytes) = (addr, roles, macs, names, packets, bytes) }
    }

    public struct Service: Codable, Equatable, Sendable {
        public var addr: String
        /// Distinct client addresses.
        public var clients: Int
        public var port: Int
        /// Identified by content (http, tls, ssh, smtp, pop3, imap, ftp, dns, dhcp), null when unidentified.
        public var service: String?
        /// Server header, greeting text or SSH software version; null when none was seen.
        public var software: String?
        /// "tcp" or "udp".
        public var transport: String

        public init(addr: String, port: Int, transport: String, service: String?, software: String?, clients: Int) { (self.addr, self.port, self.transport, self.service, self.software, self.clients) = (addr, port, transport, service, software, clients) }
    }

    public struct Flows: Codable, Equatable, Sendable {
        /// Bidirectional flows by transport; a flow idle past its timeout and seen again counts again.
        public var tcp = 0
        public var udp = 0
        public var icmp = 0
        /// Other IP protocols (GRE, IP-in-IP, ESP, …).
        public var other = 0
        /// TCP flows whose client and server came from ports or content because the SYN was not seen.
        public var tcpWithoutHandshake = 0
        /// Idle timeouts in seconds (as Zeek's defaults).
        public var timeouts = Timeouts()
        public init() {}

        enum CodingKeys: String, CodingKey {
            case icmp, other, tcp
            case tcpWithoutHandshake = "tcp_without_handshake"
            case timeouts, udp
        }
    }

    public struct Timeouts: Codable, Equatable, Sendable {
        public var tcp = 300
        public var tcpClosed = 5
        public var udp = 60
        public var icmp = 60
        public init() {}
        enum CodingKeys: String, CodingKey {
            case icmp, tcp
            case tcpClosed = "tcp_closed"
            case udp
        }
    }

    public struct Anomaly: Codable, Equatable, Sendable {
        /// Stable code (e.g. "dns_compression_loop").
        public var code: String
        public var count: Int
        /// "truncated", "malformed" or "limit".
        public var kind: String
        public var layer: String

        public init(code: String, kind: String, layer: String, count: Int) { (self.code, self.kind, self.layer, self.count) = (code, kind, layer, count) }
    }

    public struct Activity: Codable, Equatable, Sendable {
        /// Bucket width in milliseconds: the smallest of 1, 10, 100, 1000, 10000, 60000,
        /// 600000, 3600000, 86400000 (then ×10) that keeps the capture within 1000 buckets.
        public var bucketMS = 1
        /// Non-empty buckets in time order (empty buckets are left out).
        public var buckets: [ActivityBucket] = []
        public init() {}
        enum CodingKeys: String, CodingKey {
            case bucketMS = "bucket_ms"
            case buckets
        }
    }

    public struct ActivityBucket: Codable, Equatable, Sendable {
        /// Wire bytes.
        public var bytes: Int
        public var packets: Int
        /// Bucket start, ISO 8601 UTC (aligned to the epoch on the bucket width).
        public var start: String

        public init(start: String, packets: Int, bytes: Int) { (self.start, self.packets, self.bytes) = (start, packets, bytes) }
    }
}
