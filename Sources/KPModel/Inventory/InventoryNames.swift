/// The inventory's names: DNS, HTTP, TLS, DHCP leases and sites.
extension Inventory {
    public struct DNS: Codable, Equatable, Sendable {
        public var answers: [DNSAnswer] = []
        public var queries: [DNSQuery] = []
        public init() {}
    }

    public struct DNSQuery: Codable, Equatable, Sendable {
        public var count: Int
        public var name: String
        public var type: String

        public init(name: String, type: String, count: Int) { (self.name, self.type, self.count) = (name, type, count) }
    }

    public struct DNSAnswer: Codable, Equatable, Sendable {
        public var data: String
        public var name: String
        public var type: String

        public init(name: String, type: String, data: String) { (self.name, self.type, self.data) = (name, type, data) }
    }

    public struct HTTP: Codable, Equatable, Sendable {
        public var hosts: [HTTPHost] = []
        public var requests = 0
        public init() {}
    }

    public struct HTTPHost: Codable, Equatable, Sendable {
        public var host: String
        public var requests: Int

        public init(host: String, requests: Int) { (self.host, self.requests) = (host, requests) }
    }

    public struct TLS: Codable, Equatable, Sendable {
        public var serverNames: [TLSName] = []
        /// Names in server certificates seen in clear (TLS 1.2 and earlier).
        public var certificateNames: [TLSName] = []
        public init() {}
        enum CodingKeys: String, CodingKey {
            case certificateNames = "certificate_names"
            case serverNames = "server_names"
        }
    }

    public struct TLSName: Codable, Equatable, Sendable {
        public var count: Int
        public var name: String

        public init(name: String, count: Int) { (self.name, self.count) = (name, count) }
    }

    public struct DHCPLease: Codable, Equatable, Sendable {
        public var mac: String
        /// The address last assigned (yiaddr of an ACK), or null.
        public var addr: String?
        public var hostName: String?
        public var vendorClass: String?

        public init(mac: String, addr: String?, hostName: String?, vendorClass: String?) { (self.mac, self.addr, self.hostName, self.vendorClass) = (mac, addr, hostName, vendorClass) }

        enum CodingKeys: String, CodingKey {
            case addr
            case hostName = "host_name"
            case mac
            case vendorClass = "vendor_class"
        }
    }

    public struct Site: Codable, Equatable, Sendable {
        public var addrs: [String]
        /// Which sources saw it: subset of ["dns", "http", "tls"].
        public var evidence: [String]
        public var name: String

        public init(name: String, addrs: [String], evidence: [String]) { (self.name, self.addrs, self.evidence) = (name, addrs, evidence) }
    }
}
