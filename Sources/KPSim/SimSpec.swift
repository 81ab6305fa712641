import Foundation

/// A simulated intranet, as read from a spec file (`kpcensus.simspec/1`, docs/simulate.md).
/// Sizes and shares only: the simulator draws the concrete network and traffic from
/// them with a seed.
public struct SimSpec: Codable, Equatable, Sendable {
    public static let schemaID = "kpcensus.simspec/1"

    /// Always "kpcensus.simspec/1".
    public var schema: String
    public var name: String
    /// Start of the census window, ISO 8601 UTC (e.g. "2026-03-02T00:00:00Z").
    public var start: String
    /// Length of the census window in seconds (`--duration` overrides it).
    public var duration: Double
    /// Scale the sessions with the hour of day (a peak in the evening, quiet at night).
    public var dailyRhythm: Bool
    public var sites: Sites
    /// Mail servers (SMTP greeting, the EHLO exchange).
    public var mailServers: Int
    /// DNS resolvers the clients ask.
    public var resolvers: Int
    public var access: [Access]
    public var activity: Activity
    public var session: Session

    public struct Sites: Codable, Equatable, Sendable {
        /// Web sites in the network (the truth the site estimate aims at).
        public var count: Int
        /// Popularity of the site of rank r is proportional to (r + offset)^-zipf_exponent.
        public var zipfExponent: Double
        public var zipfOffset: Double
        /// Share of sites served over TLS (seen by SNI) rather than plain HTTP (Host).
        public var httpsShare: Double
        /// Sites per web server address (name-based virtual hosting), on average.
        public var sitesPerServer: Double
        /// Provinces: /16 subnets 10.P.0.0/16 holding the servers.
        public var provinces: Int
    }

    /// Client addresses of one kind and how many devices share each of them.
    public struct Access: Codable, Equatable, Sendable {
        /// "home", "cafe", "university", "office" or "mobile".
        public var kind: String
        public var addresses: Int
        /// Devices behind one address: [min, max], drawn uniformly.
        public var devices: [Int]
    }

    public struct Activity: Codable, Equatable, Sendable {
        /// Mean browsing sessions per device per day.
        public var sessionsPerDay: Double
        /// Gamma shape of the per-device rate: smaller means more uneven (some devices almost idle).
        public var shape: Double
    }

    public struct Session: Codable, Equatable, Sendable {
        /// Pages fetched per visit: [min, max].
        public var pages: [Int]
        /// Share of visits preceded by a DNS lookup (the rest hit a cache).
        public var dnsLookupShare: Double
        /// Share of visits that also look up another site's name without visiting it (prefetch).
        public var prefetchShare: Double
        /// Share of sessions that are mail (SMTP) rather than web.
        public var mailShare: Double
    }

    public static let accessKinds = ["home", "cafe", "university", "office", "mobile"]

    /// Reads and checks a spec; errors name the file and the field.
    public static func load(path: String) throws -> SimSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SimError("\(path): cannot read the spec file")
        }
        let spec: SimSpec
        do {
            let d = JSONDecoder()
            d.keyDecodingStrategy = .convertFromSnakeCase
            spec = try d.decode(SimSpec.self, from: data)
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw SimError("\(path): missing field \(SimSpec.field(ctx.codingPath + [key]))")
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx) {
            throw SimError("\(path): field \(SimSpec.field(ctx.codingPath)) has the wrong type: \(ctx.debugDescription)")
        } catch let DecodingError.dataCorrupted(ctx) {
            throw SimError("\(path): not valid JSON\(ctx.codingPath.isEmpty ? "" : " at \(SimSpec.field(ctx.codingPath))"): \(ctx.underlyingError.map { "\($0)" } ?? ctx.debugDescription)")
        }
        try spec.validate(path: path)
        return spec
    }

    /// Dotted snake_case field path, as written in the file.
    static func field(_ path: [CodingKey]) -> String {
        path.map { k in
            if let i = k.intValue { return "[\(i)]" }
            return "." + k.stringValue.reduce(into: "") { s, c in
                if c.isUppercase { s += "_" + c.lowercased() } else { s.append(c) }
            }
        }.joined().drop(while: { $0 == "." }).description
    }

    /// The window start in nanoseconds since 1970; nil when not an ISO 8601 time
    /// between 1970 and 2200 (nanoseconds of later years overflow 64 bits; found by fuzzing).
    public var startNanos: Int64? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        guard let seconds = f.date(from: start)?.timeIntervalSince1970, seconds >= 0, seconds < 7_258_118_400 else { return nil }
        return Int64(seconds) * 1_000_000_000
    }

    public func validate(path: String) throws {
        func bad(_ field: String, _ why: String) -> SimError { SimError("\(path): field \(field) \(why)") }
        guard schema == SimSpec.schemaID else { throw bad("schema", "must be \"\(SimSpec.schemaID)\" (got \"\(schema)\")") }
        guard startNanos != nil else { throw bad("start", "must be an ISO 8601 UTC time between 1970 and 2200, like 2026-03-02T00:00:00Z") }
        guard duration > 0, duration <= 30 * 86400 else { throw bad("duration", "must be in (0, 2592000] seconds") }
        guard sites.count >= 1, sites.count <= 1_000_000 else { throw bad("sites.count", "must be in 1 ... 1000000") }
        guard sites.zipfExponent >= 0, sites.zipfExponent <= 4 else { throw bad("sites.zipf_exponent", "must be in 0 ... 4") }
        guard sites.zipfOffset >= 0 else { throw bad("sites.zipf_offset", "must be >= 0") }
        guard (0 ... 1).contains(sites.httpsShare) else { throw bad("sites.https_share", "must be in 0 ... 1") }
        guard sites.sitesPerServer >= 1 else { throw bad("sites.sites_per_server", "must be >= 1") }
        guard (1 ... 90).contains(sites.provinces) else { throw bad("sites.provinces", "must be in 1 ... 90") }
        guard (0 ... 1000).contains(mailServers) else { throw bad("mail_servers", "must be in 0 ... 1000") }
        guard (1 ... 16).contains(resolvers) else { throw bad("resolvers", "must be in 1 ... 16") }
        guard !access.isEmpty else { throw bad("access", "must list at least one kind of client address") }
        var total = 0
        for (i, a) in access.enumerated() {
            guard SimSpec.accessKinds.contains(a.kind) else {
                throw bad("access[\(i)].kind", "must be one of \(SimSpec.accessKinds.joined(separator: ", ")) (got \"\(a.kind)\")")
            }
            guard a.addresses >= 0 else { throw bad("access[\(i)].addresses", "must be >= 0") }
            guard a.devices.count == 2, a.devices[0] >= 1, a.devices[0] <= a.devices[1], a.devices[1] <= 250 else {
                throw bad("access[\(i)].devices", "must be [min, max] with 1 <= min <= max <= 250")
            }
            total += a.addresses
        }
        guard total >= 1, total <= 1_000_000 else { throw bad("access", "must give 1 ... 1000000 client addresses in all") }
        guard activity.sessionsPerDay > 0 else { throw bad("activity.sessions_per_day", "must be > 0") }
        guard activity.shape > 0 else { throw bad("activity.shape", "must be > 0") }
        guard session.pages.count == 2, session.pages[0] >= 1, session.pages[0] <= session.pages[1], session.pages[1] <= 50 else {
            throw bad("session.pages", "must be [min, max] with 1 <= min <= max <= 50")
        }
        guard (0 ... 1).contains(session.dnsLookupShare) else { throw bad("session.dns_lookup_share", "must be in 0 ... 1") }
        guard (0 ... 1).contains(session.prefetchShare) else { throw bad("session.prefetch_share", "must be in 0 ... 1") }
        guard (0 ... 1).contains(session.mailShare) else { throw bad("session.mail_share", "must be in 0 ... 1") }
        guard session.mailShare == 0 || mailServers > 0 else { throw bad("session.mail_share", "needs mail_servers > 0") }
    }
}

/// A spec or simulation problem (exit 2: bad input).
public struct SimError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}
