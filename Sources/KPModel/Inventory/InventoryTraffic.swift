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
        /// Wire bytes of its flows, both directions (0 in a scan's inventory).
        public var bytes: Int
        /// Distinct client addresses.
        public var clients: Int
        /// CPE names from nmap's match line (`cpe:/a:openbsd:openssh:9.2p1`), one per part
        /// (a, h, o) as nmap reports them; empty when none. A list: nmap's match lines give
        /// up to one per part and its XML lists them as several `<cpe>`.
        public var cpe: [String]
        /// Flows that ended answered (0 in a scan's inventory).
        public var flows: Int
        /// nmap's `i/…/` (extra information such as "protocol 2.0"), or null.
        public var info: String?
        public var port: Int
        /// nmap's `p/…/` (product name such as "OpenSSH", "nginx"), or null.
        public var product: String?
        /// Identified by content (http, tls, ssh, smtp, pop3, imap, ftp, dns, dhcp, a detector's name,
        /// else nmap's service name), null when unidentified.
        public var service: String?
        /// Server header, greeting text or SSH software version; null when none was seen.
        public var software: String?
        /// "tcp" or "udp".
        public var transport: String
        /// nmap's `v/…/` (product version such as "9.2p1 Debian 2+deb12u3"), or null.
        public var version: String?

        public init(addr: String, port: Int, transport: String, service: String?, software: String?, clients: Int,
                    product: String? = nil, version: String? = nil, info: String? = nil, cpe: [String] = [],
                    flows: Int = 0, bytes: Int = 0) {
            (self.addr, self.port, self.transport, self.service, self.software, self.clients) = (addr, port, transport, service, software, clients)
            (self.product, self.version, self.info, self.cpe, self.flows, self.bytes) = (product, version, info, cpe, flows, bytes)
        }

        enum CodingKeys: String, CodingKey {
            case addr, bytes, clients, cpe, flows, info, port, product, service, software, transport, version
        }

        /// Inventories and stored runs written before these fields read as "none seen".
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            addr = try c.decode(String.self, forKey: .addr)
            port = try c.decode(Int.self, forKey: .port)
            transport = try c.decode(String.self, forKey: .transport)
            service = try c.decodeIfPresent(String.self, forKey: .service)
            software = try c.decodeIfPresent(String.self, forKey: .software)
            clients = try c.decode(Int.self, forKey: .clients)
            product = try c.decodeIfPresent(String.self, forKey: .product)
            version = try c.decodeIfPresent(String.self, forKey: .version)
            info = try c.decodeIfPresent(String.self, forKey: .info)
            cpe = try c.decodeIfPresent([String].self, forKey: .cpe) ?? []
            flows = try c.decodeIfPresent(Int.self, forKey: .flows) ?? 0
            bytes = try c.decodeIfPresent(Int.self, forKey: .bytes) ?? 0
        }
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
