/// The inventory's estimates (sites, users), devices per address and spread of services.
extension Inventory {
    /// A population estimate: what was seen, the estimate with its 95 % interval
    /// (null when there is too little data, `reason` says why), the method chosen
    /// and the candidates it was chosen from.
    public struct Estimate: Codable, Equatable, Sendable {
        public var ci95: [Double]?
        public var estimate: Double?
        /// The model chosen ("mh-average", "loglinear-Mt", …), or "none" without an estimate.
        public var method = "none"
        /// Every model fitted, chosen or not.
        public var models: [Model] = []
        public var observed = 0
        /// Time windows used as capture occasions (0 when none).
        public var occasions = 0
        /// Why this method was chosen, or why there is no estimate.
        public var reason: String?
        public init() {}
    }

    /// One fitted capture–recapture model.
    public struct Model: Codable, Equatable, Sendable {
        /// Akaike's information criterion (log-linear models), else null.
        public var aic: Double?
        public var ci95: [Double]
        public var estimate: Double
        public var method: String

        public init(method: String, estimate: Double, ci95: [Double], aic: Double?) { (self.method, self.estimate, self.ci95, self.aic) = (method, estimate, ci95, aic) }
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
            case ci95
            case clientAddrs = "client_addrs"
            case devices, estimate, method, models, occasions, reason
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

        public init(addr: String, devices: Int, confidence: Double, userAgents: Int) { (self.addr, self.devices, self.confidence, self.userAgents) = (addr, devices, confidence, userAgents) }

        enum CodingKeys: String, CodingKey {
            case addr, confidence, devices
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
            case hosts, services
            case subnetPrefix = "subnet_prefix"
            case subnets
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

        public init(service: String, hosts: Int, hostShare: Double, subnets: Int, subnetShare: Double, hhi: Double) { (self.service, self.hosts, self.hostShare, self.subnets, self.subnetShare, self.hhi) = (service, hosts, hostShare, subnets, subnetShare, hhi) }

        enum CodingKeys: String, CodingKey {
            case hhi
            case hostShare = "host_share"
            case hosts, service
            case subnetShare = "subnet_share"
            case subnets
        }
    }
}

extension Inventory.Users {
    /// The users' estimate as an `Estimate` (`observed`: the client addresses), the
    /// form the store's `estimates` rows and the report use for both quantities.
    public var deviceEstimate: Inventory.Estimate {
        get {
            var e = Inventory.Estimate()
            (e.observed, e.estimate, e.ci95, e.method, e.reason, e.occasions, e.models) = (clientAddrs, estimate, ci95, method, reason, occasions, models)
            return e
        }
        set {
            (clientAddrs, estimate, ci95, method, reason, occasions, models) =
                (newValue.observed, newValue.estimate, newValue.ci95, newValue.method, newValue.reason, newValue.occasions, newValue.models)
        }
    }
}
