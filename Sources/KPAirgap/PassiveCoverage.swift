/// What the passive analysis looked at.
public struct PassiveCoverage: Codable, Equatable, Sendable {
    public struct File: Codable, Equatable, Sendable {
        public var path: String
        /// "inside" or "outside".
        public var side: String
        public var packets: Int
        /// How reading ended: "complete", or what cut it short.
        public var end: String
    }

    public var files: [File]
    public var packets: Int
    public var first: String?
    public var last: String?
    /// Distinct inside addresses seen sending.
    public var insideHosts: Int
    /// Distinct outside addresses seen (either direction).
    public var outsideAddrs: Int
    /// Names of the checks that ran.
    public var checks: [String]

    enum CodingKeys: String, CodingKey {
        case files, packets, first, last, checks
        case insideHosts = "inside_hosts"
        case outsideAddrs = "outside_addrs"
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(files, forKey: .files)
        try c.encode(packets, forKey: .packets)
        try c.encode(first, forKey: .first)
        try c.encode(last, forKey: .last)
        try c.encode(insideHosts, forKey: .insideHosts)
        try c.encode(outsideAddrs, forKey: .outsideAddrs)
        try c.encode(checks, forKey: .checks)
    }
}
