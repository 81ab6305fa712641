import KPScope
import KPWire

/// The probes `--probes` names.
public enum ProbeName: String, CaseIterable, Sendable, Comparable {
    case icmp, syn, connect, dns, axfr, ptr, banner, http, tls, vhost, crawl, version, udp

    /// A `--probes` item; nil when unknown.
    public init?(argument: String) {
        self.init(rawValue: argument)
    }

    public static func < (a: ProbeName, b: ProbeName) -> Bool { a.rawValue < b.rawValue }
}

/// How a probe module talks to its target.
public enum ProbeLayer: String, Sendable {
    /// Whole IPv4 packets from a raw socket, replies read with libpcap (syn, icmp).
    case packet
    /// A TCP connection: connect, send `build`, read until `complete` (banner, http, tls, axfr, …).
    case stream
    /// UDP datagrams from one socket, replies matched by address, port and `matchKey` (dns, ptr, udp).
    case datagram
}

/// The transport a probe goes over, as `--dry-run` prints it.
public enum ProbeTransport: String, Sendable {
    case tcp, udp, icmp
}

/// Where one probe goes: an address, a port, and for name-based probes the name
/// (HTTP Host, TLS SNI, DNS question) and the HTTP path.
public struct ProbeTarget: Hashable, Sendable, Comparable, ScopeAddressed {
    public var addr: IPAddress
    public var port: UInt16
    public var name: String?
    public var path: String?
    /// The service speaks TLS (vhost probes send a ClientHello with SNI instead of a GET).
    public var tls: Bool

    public init(addr: IPAddress, port: UInt16, name: String? = nil, path: String? = nil, tls: Bool = false) {
        self.addr = addr
        self.port = port
        self.name = name
        self.path = path
        self.tls = tls
    }

    public var scopeAddress: IPAddress { addr }

    public static func < (a: ProbeTarget, b: ProbeTarget) -> Bool {
        (a.addr, a.port, a.name ?? "", a.path ?? "") < (b.addr, b.port, b.name ?? "", b.path ?? "")
    }
}

/// What every probe of one scan shares: the validation key and the source address.
public struct ProbeContext: Sendable {
    public var cookie: ValidationCookie
    /// Source address of raw packets (host order), 0 when unknown.
    public var source: UInt32

    public init(cookie: ValidationCookie, source: UInt32 = 0) {
        self.cookie = cookie
        self.source = source
    }
}

/// A probe module's table, after ZMap's: its name, layer and transport, the
/// capture filter for its replies (packet modules), the fields of its `Output`, its help.
public struct ProbeInfo: Sendable {
    public let name: ProbeName
    public let layer: ProbeLayer
    public let transport: ProbeTransport
    /// libpcap filter that selects its replies (packet modules), nil otherwise.
    public let captureFilter: String?
    /// The fields of `Output`, for the documentation.
    public let outputFields: [String]
    /// One line for `--help` and docs/scan.md.
    public let help: String

    public init(_ name: ProbeName, _ layer: ProbeLayer, _ transport: ProbeTransport, filter: String? = nil, fields: [String], help: String) {
        self.name = name
        self.layer = layer
        self.transport = transport
        captureFilter = filter
        outputFields = fields
        self.help = help
    }
}

/// A probe module, after ZMap's: its table (`info`), how to build a probe, how to
/// validate and classify a reply. Adding one is a file and one line in `ProbeRegistry`.
public protocol ProbeModule: Sendable {
    /// What a reply says, read.
    associatedtype Output: Sendable
    var info: ProbeInfo { get }
    /// The probe's bytes for a target the scope guard admitted: a whole IPv4 packet
    /// (packet), a UDP payload (datagram), or what is sent once connected (stream; empty: just listen).
    func build(_ t: InScope<ProbeTarget>, _ ctx: ProbeContext) -> [UInt8]
    /// Stream modules: whether the reply read so far is enough to classify.
    func complete(_ reply: [UInt8]) -> Bool
    /// The target this reply answers when it is a valid reply to this scan's probe
    /// (packet modules recover the target from the reply; the others get it).
    func validate(_ reply: [UInt8], from t: ProbeTarget, _ ctx: ProbeContext) -> ProbeTarget?
    /// The reply's reading, or nil when it says nothing.
    func classify(_ reply: [UInt8], _ t: ProbeTarget) -> Output?
    /// Datagram modules: what ties a reply to its query beside address and port (a DNS
    /// question), computed alike on both; nil: address and port alone.
    func matchKey(_ datagram: [UInt8]) -> String?
}

extension ProbeModule {
    public var name: ProbeName { info.name }
    public var help: String { info.help }
    public var layer: ProbeLayer { info.layer }
    public var transport: ProbeTransport { info.transport }
    public var captureFilter: String? { info.captureFilter }
    public var outputFields: [String] { info.outputFields }
    public func complete(_ reply: [UInt8]) -> Bool { true }
    public func matchKey(_ datagram: [UInt8]) -> String? { nil }
    public func validate(_ reply: [UInt8], from t: ProbeTarget, _ ctx: ProbeContext) -> ProbeTarget? { reply.isEmpty ? nil : t }
}

/// Every probe module, one line each.
public enum ProbeRegistry {
    public static let all: [any ProbeModule] = [
        IcmpEchoProbe(),
        SynProbe(),
        ConnectProbe(),
        DNSProbe(),
        AXFRProbe(),
        PTRProbe(),
        BannerProbe(),
        HTTPProbe(),
        TLSProbe(),
        VHostProbe(),
        CrawlProbe(),
        VersionProbe(),
        UDPPayloadProbe(),
    ]

    /// `--probes` accepts these names.
    public static let names = all.map(\.name.rawValue)
}
