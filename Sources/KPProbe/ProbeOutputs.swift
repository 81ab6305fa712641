import KPWire

/// A reading that names the service on a port: what service identification keeps.
public protocol ServiceIdentity: Sendable {
    /// http, tls, dns, smtp, ssh, …
    var service: String { get }
    var software: String? { get }
    /// Names a certificate gave (TLS), counted as names the scan learnt.
    var certificateNames: [String] { get }
}

extension ServiceIdentity {
    public var certificateNames: [String] { [] }
}

/// A greeting that names its service (banner), or a DNS answer over TCP.
public struct ServiceReading: ServiceIdentity, Equatable {
    public var service: String
    public var software: String?
    /// The greeting's first line.
    public var banner: String?
}

/// A UDP DNS reply: its rcode, whether it is authoritative, its answers.
public struct DNSReply: Sendable, Equatable {
    public var rcode: String
    public var authoritative: Bool
    public var answers: [DNSRecord]
}

/// A zone transfer's outcome: allowed (with the zone's records) or refused.
public struct ZoneTransfer: Sendable, Equatable {
    public var allowed: Bool
    /// The first message's rcode, "closed" when the server closed without answering.
    public var rcode: String
    public var records: [DNSRecord]

    /// "allowed" or "refused", as the scan section writes it.
    public var verdict: String { allowed ? "allowed" : "refused" }
}

/// The names a PTR query returned (lowercase, sorted).
public struct PTRReply: Sendable, Equatable {
    public var rcode: String
    public var names: [String]
}

/// An HTTP response: status, Server, title, Location (never followed), content hash.
public struct HTTPReading: ServiceIdentity, Equatable {
    public var service: String { "http" }
    public var status: Int
    public var software: String?
    public var title: String?
    public var location: String?
    public var content: String
}

/// How a TLS server took the ClientHello's SNI.
public enum SNIOutcome: String, Sendable {
    /// No SNI was sent (the target had no name, or an address).
    case none
    case accepted
    /// The server answered with an alert.
    case refused
}

/// A TLS handshake's answer: version and certificate names, or an alert.
public struct TLSReading: ServiceIdentity, Equatable {
    public var service: String { "tls" }
    public var software: String? { nil }
    public var version: String?
    /// The leaf certificate's names, lowercase, sorted.
    public var names: [String]
    public var sni: SNIOutcome
    /// The alert's description code ("?" when the record was cut), for an alert.
    public var alert: String?
    /// A hash of the certificate names (equal names, equal content).
    public var content: String?

    public var certificateNames: [String] { names }
}

/// One name against one web server: its content hash, and what tells sites apart.
public struct VHostReading: Sendable, Equatable {
    public var content: String
    public var status: Int?
    public var title: String?
    /// Certificate names (TLS).
    public var names: [String]
}

/// A link to another site found on a page.
public struct LinkedHost: Sendable, Hashable, Comparable {
    public var scheme: String
    public var host: String
    public static func < (a: LinkedHost, b: LinkedHost) -> Bool { (a.scheme, a.host) < (b.scheme, b.host) }
}

/// A crawled page: status, the hosts it links to, and the site's own paths (sorted).
public struct CrawlReading: Sendable, Equatable {
    public var status: Int
    public var hosts: [LinkedHost]
    public var paths: [String]
}
