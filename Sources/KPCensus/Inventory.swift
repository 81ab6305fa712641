/// The census of one run, as written to `kpcensus.inventory/1` JSON and stored in
/// SQLite. Every list is sorted and every field is always present (null when
/// unknown), so the same input gives the same bytes. Field docs are the contract
/// (README "Inventory JSON").
public struct Inventory: Codable, Equatable, Sendable {
    public static let schemaID = "kpcensus.inventory/1"

    /// Always "kpcensus.inventory/1".
    public var schema = Inventory.schemaID
    public var input = Input()
    public var hosts: [Host] = []
    public var services: [Service] = []
    public var flows = Flows()
    public var dns = DNS()
    public var http = HTTP()
    public var tls = TLS()
    public var dhcp: [DHCPLease] = []
    public var sites: [Site] = []
    public var siteCount = Estimate()
    public var users = Users()
    /// Devices behind each client address (additive within version 1).
    public var clientDevices: [ClientDevices] = []
    /// Spread of services over hosts and subnets (additive within version 1).
    public var spread = Spread()
    public var anomalies: [Anomaly] = []
    /// Packets and bytes over time (added within version 1).
    public var activity = Activity()
    /// What an active scan found out (`kpcensus scan` runs only; absent otherwise, added within version 1).
    public var scan: ScanSection?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case schema, input, hosts, services, flows, dns, http, tls, dhcp, sites, users, anomalies, spread, activity, scan
        case siteCount = "site_count"
        case clientDevices = "client_devices"
    }

    public struct Input: Codable, Equatable, Sendable {
        /// The inputs, in the order given ("-" for standard input).
        public var files: [InputFile] = []
        public var packets = 0
        /// Bytes on the wire (original lengths), summed.
        public var bytes = 0
        /// First and last packet time, ISO 8601 UTC with microseconds; null without packets.
        public var first: String?
        public var last: String?
        /// Packets cut by the snap length (captured < on the wire).
        public var truncatedPackets = 0
        /// Packets whose network layer could not be read (unknown link type, or a
        /// malformed or cut link/IP header): no addresses could be taken from them.
        public var undecodablePackets = 0
        /// Frames of other network protocols than IP and ARP (LLDP, STP, …), not decoded further.
        public var nonIPPackets = 0
        /// The BPF filter applied to every input, or null.
        public var filter: String?
        /// IP fragments: packets that are fragments and distinct (src, dst, proto, ID) datagrams.
        public var fragments = Fragments()
        public init() {}

        enum CodingKeys: String, CodingKey {
            case files, packets, bytes, first, last, filter, fragments
            case truncatedPackets = "truncated_packets"
            case undecodablePackets = "undecodable_packets"
            case nonIPPackets = "non_ip_packets"
        }

        /// Writes every key, null included (the contract has no missing keys).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(files, forKey: .files)
            try c.encode(packets, forKey: .packets)
            try c.encode(bytes, forKey: .bytes)
            try c.encode(first, forKey: .first)
            try c.encode(last, forKey: .last)
            try c.encode(truncatedPackets, forKey: .truncatedPackets)
            try c.encode(undecodablePackets, forKey: .undecodablePackets)
            try c.encode(nonIPPackets, forKey: .nonIPPackets)
            try c.encode(filter, forKey: .filter)
            try c.encode(fragments, forKey: .fragments)
        }
    }

    public struct Fragments: Codable, Equatable, Sendable {
        public var packets = 0
        public var datagrams = 0
        public init() {}
    }

    public struct InputFile: Codable, Equatable, Sendable {
        /// The path as given on the command line.
        public var path: String
        /// "pcap" or "pcapng".
        public var format: String
        /// libpcap link-layer type name (EN10MB, LINUX_SLL, LINUX_SLL2, RAW, NULL, …).
        public var linktype: String
        /// Packets read from this file (after the filter).
        public var packets: Int
        /// "complete", "cut" (ends inside a record: complete packets kept) or "corrupt" (stopped at a bad record).
        public var status: String
        /// What went wrong and at which byte offset; null when complete.
        public var warning: String?

        public init(path: String, format: String, linktype: String, packets: Int, status: String, warning: String?) {
            self.path = path
            self.format = format
            self.linktype = linktype
            self.packets = packets
            self.status = status
            self.warning = warning
        }

        enum CodingKeys: String, CodingKey {
            case path, format, linktype, packets, status, warning
        }

        /// Writes every key, null included (the contract has no missing keys).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(path, forKey: .path)
            try c.encode(format, forKey: .format)
            try c.encode(linktype, forKey: .linktype)
            try c.encode(packets, forKey: .packets)
            try c.encode(status, forKey: .status)
            try c.encode(warning, forKey: .warning)
        }
    }

    public struct Host: Codable, Equatable, Sendable {
        public var addr: String
        /// Subset of ["client", "server"]: server when it offers a service, client when it opened a flow that was answered.
        public var roles: [String]
        /// Ethernet source addresses of its packets (a router's MAC for hosts beyond a router).
        public var macs: [String]
        /// Names from DNS A/AAAA and PTR answers and DHCP host names.
        public var names: [String]
        /// Packets and wire bytes sent or received.
        public var packets: Int
        public var bytes: Int

        public init(addr: String, roles: [String], macs: [String], names: [String], packets: Int, bytes: Int) {
            self.addr = addr
            self.roles = roles
            self.macs = macs
            self.names = names
            self.packets = packets
            self.bytes = bytes
        }
    }

    public struct Service: Codable, Equatable, Sendable {
        public var addr: String
        public var port: Int
        /// "tcp" or "udp".
        public var transport: String
        /// Identified by content (http, tls, ssh, smtp, pop3, imap, ftp, dns, dhcp), null when unidentified.
        public var service: String?
        /// Server header, greeting text or SSH software version; null when none was seen.
        public var software: String?
        /// Distinct client addresses.
        public var clients: Int

        public init(addr: String, port: Int, transport: String, service: String?, software: String?, clients: Int) {
            self.addr = addr
            self.port = port
            self.transport = transport
            self.service = service
            self.software = software
            self.clients = clients
        }

        enum CodingKeys: String, CodingKey {
            case addr, port, transport, service, software, clients
        }

        /// Writes every key, null included (the contract has no missing keys).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(addr, forKey: .addr)
            try c.encode(port, forKey: .port)
            try c.encode(transport, forKey: .transport)
            try c.encode(service, forKey: .service)
            try c.encode(software, forKey: .software)
            try c.encode(clients, forKey: .clients)
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
            case tcp, udp, icmp, other, timeouts
            case tcpWithoutHandshake = "tcp_without_handshake"
        }
    }

    public struct Timeouts: Codable, Equatable, Sendable {
        public var tcp = 300
        public var tcpClosed = 5
        public var udp = 60
        public var icmp = 60
        public init() {}
        enum CodingKeys: String, CodingKey {
            case tcp, udp, icmp
            case tcpClosed = "tcp_closed"
        }
    }

    public struct DNS: Codable, Equatable, Sendable {
        public var queries: [DNSQuery] = []
        public var answers: [DNSAnswer] = []
        public init() {}
    }

    public struct DNSQuery: Codable, Equatable, Sendable {
        public var name: String
        public var type: String
        public var count: Int

        public init(name: String, type: String, count: Int) {
            self.name = name
            self.type = type
            self.count = count
        }
    }

    public struct DNSAnswer: Codable, Equatable, Sendable {
        public var name: String
        public var type: String
        public var data: String

        public init(name: String, type: String, data: String) {
            self.name = name
            self.type = type
            self.data = data
        }
    }

    public struct HTTP: Codable, Equatable, Sendable {
        public var requests = 0
        public var hosts: [HTTPHost] = []
        public init() {}
    }

    public struct HTTPHost: Codable, Equatable, Sendable {
        public var host: String
        public var requests: Int

        public init(host: String, requests: Int) {
            self.host = host
            self.requests = requests
        }
    }

    public struct TLS: Codable, Equatable, Sendable {
        public var serverNames: [TLSName] = []
        /// Names in server certificates seen in clear (TLS 1.2 and earlier).
        public var certificateNames: [TLSName] = []
        public init() {}
        enum CodingKeys: String, CodingKey {
            case serverNames = "server_names"
            case certificateNames = "certificate_names"
        }
    }

    public struct TLSName: Codable, Equatable, Sendable {
        public var name: String
        public var count: Int

        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    public struct DHCPLease: Codable, Equatable, Sendable {
        public var mac: String
        /// The address last assigned (yiaddr of an ACK), or null.
        public var addr: String?
        public var hostName: String?
        public var vendorClass: String?

        public init(mac: String, addr: String?, hostName: String?, vendorClass: String?) {
            self.mac = mac
            self.addr = addr
            self.hostName = hostName
            self.vendorClass = vendorClass
        }

        enum CodingKeys: String, CodingKey {
            case mac, addr
            case hostName = "host_name"
            case vendorClass = "vendor_class"
        }

        /// Writes every key, null included (the contract has no missing keys).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(mac, forKey: .mac)
            try c.encode(addr, forKey: .addr)
            try c.encode(hostName, forKey: .hostName)
            try c.encode(vendorClass, forKey: .vendorClass)
        }
    }

    public struct Site: Codable, Equatable, Sendable {
        public var name: String
        public var addrs: [String]
        /// Which sources saw it: subset of ["dns", "http", "tls"].
        public var evidence: [String]

        public init(name: String, addrs: [String], evidence: [String]) {
            self.name = name
            self.addrs = addrs
            self.evidence = evidence
        }
    }

    /// A population estimate: what was seen, the estimate with its 95 % interval
    /// (null when there is too little data, `reason` says why), the method chosen
    /// and the candidates it was chosen from.
    public struct Estimate: Codable, Equatable, Sendable {
        public var observed = 0
        public var estimate: Double?
        public var ci95: [Double]?
        /// The model chosen ("mh-average", "loglinear-Mt", …), or "none" without an estimate.
        public var method = "none"
        /// Why this method was chosen, or why there is no estimate.
        public var reason: String?
        /// Time windows used as capture occasions (0 when none).
        public var occasions = 0
        /// Every model fitted, chosen or not.
        public var models: [Model] = []
        public init() {}

        enum CodingKeys: String, CodingKey {
            case observed, estimate, ci95, method, reason, occasions, models
        }

        /// Writes every key, null included (the contract has no missing keys).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(observed, forKey: .observed)
            try c.encode(estimate, forKey: .estimate)
            try c.encode(ci95, forKey: .ci95)
            try c.encode(method, forKey: .method)
            try c.encode(reason, forKey: .reason)
            try c.encode(occasions, forKey: .occasions)
            try c.encode(models, forKey: .models)
        }
    }

    /// One fitted capture–recapture model.
    public struct Model: Codable, Equatable, Sendable {
        public var method: String
        public var estimate: Double
        public var ci95: [Double]
        /// Akaike's information criterion (log-linear models), else null.
        public var aic: Double?

        public init(method: String, estimate: Double, ci95: [Double], aic: Double?) {
            self.method = method
            self.estimate = estimate
            self.ci95 = ci95
            self.aic = aic
        }

        enum CodingKeys: String, CodingKey { case method, estimate, ci95, aic }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(method, forKey: .method)
            try c.encode(estimate, forKey: .estimate)
            try c.encode(ci95, forKey: .ci95)
            try c.encode(aic, forKey: .aic)
        }
    }

    public struct Users: Codable, Equatable, Sendable {
        public var clientAddrs = 0
        /// Machines after separating those that share an address (IP ID, TCP timestamp clocks, TTL, User-Agent).
        public var devices = 0
        /// Estimated devices in the population (seen or not), null when there is too little data.
        public var estimate: Double?
        public var ci95: [Double]?
        public var method = "none"
        public var reason: String?
        public var occasions = 0
        public var models: [Model] = []
        public init() {}
        enum CodingKeys: String, CodingKey {
            case devices, estimate, ci95, method, reason, occasions, models
            case clientAddrs = "client_addrs"
        }

        /// Writes every key, null included (the contract has no missing keys).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(clientAddrs, forKey: .clientAddrs)
            try c.encode(devices, forKey: .devices)
            try c.encode(estimate, forKey: .estimate)
            try c.encode(ci95, forKey: .ci95)
            try c.encode(method, forKey: .method)
            try c.encode(reason, forKey: .reason)
            try c.encode(occasions, forKey: .occasions)
            try c.encode(models, forKey: .models)
        }
    }

    /// Devices behind one client address.
    public struct ClientDevices: Codable, Equatable, Sendable {
        public var addr: String
        public var devices: Int
        /// Share of the address's sampled TCP packets explained by the devices counted (0 ... 1).
        public var confidence: Double
        /// Distinct HTTP User-Agents seen from the address.
        public var userAgents: Int

        public init(addr: String, devices: Int, confidence: Double, userAgents: Int) {
            self.addr = addr
            self.devices = devices
            self.confidence = confidence
            self.userAgents = userAgents
        }

        enum CodingKeys: String, CodingKey {
            case addr, devices, confidence
            case userAgents = "user_agents"
        }
    }

    /// How widely each service is spread over hosts and subnets ("provinces").
    public struct Spread: Codable, Equatable, Sendable {
        /// Prefix length of the subnets (16: a /16 stands for a province).
        public var subnetPrefix = 16
        /// Server hosts and subnets holding at least one server.
        public var hosts = 0
        public var subnets = 0
        public var services: [ServiceSpread] = []
        public init() {}
        enum CodingKeys: String, CodingKey {
            case hosts, subnets, services
            case subnetPrefix = "subnet_prefix"
        }
    }

    public struct ServiceSpread: Codable, Equatable, Sendable {
        /// Service name, "unidentified" when content did not tell.
        public var service: String
        /// Hosts offering it, and their share of all server hosts.
        public var hosts: Int
        public var hostShare: Double
        /// Subnets where it is offered, and their share of all server subnets.
        public var subnets: Int
        public var subnetShare: Double
        /// Herfindahl–Hirschman index of its hosts over subnets (1: all in one subnet; 1/n: even over n).
        public var hhi: Double

        public init(service: String, hosts: Int, hostShare: Double, subnets: Int, subnetShare: Double, hhi: Double) {
            self.service = service
            self.hosts = hosts
            self.hostShare = hostShare
            self.subnets = subnets
            self.subnetShare = subnetShare
            self.hhi = hhi
        }

        enum CodingKeys: String, CodingKey {
            case service, hosts, subnets, hhi
            case hostShare = "host_share"
            case subnetShare = "subnet_share"
        }
    }

    public struct Anomaly: Codable, Equatable, Sendable {
        /// Stable code (e.g. "dns_compression_loop").
        public var code: String
        /// "truncated", "malformed" or "limit".
        public var kind: String
        public var layer: String
        public var count: Int

        public init(code: String, kind: String, layer: String, count: Int) {
            self.code = code
            self.kind = kind
            self.layer = layer
            self.count = count
        }
    }

    public struct Activity: Codable, Equatable, Sendable {
        /// Bucket width in milliseconds: the smallest of 1, 10, 100, 1000, 10000, 60000,
        /// 600000, 3600000, 86400000 (then ×10) that keeps the capture within 1000 buckets.
        public var bucketMS = 1
        /// Non-empty buckets in time order (empty buckets are left out).
        public var buckets: [ActivityBucket] = []
        public init() {}
        enum CodingKeys: String, CodingKey {
            case buckets
            case bucketMS = "bucket_ms"
        }
    }

    public struct ActivityBucket: Codable, Equatable, Sendable {
        /// Bucket start, ISO 8601 UTC (aligned to the epoch on the bucket width).
        public var start: String
        public var packets: Int
        /// Wire bytes.
        public var bytes: Int

        public init(start: String, packets: Int, bytes: Int) {
            self.start = start
            self.packets = packets
            self.bytes = bytes
        }
    }
}
