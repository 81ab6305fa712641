import KPWire

/// Something with one address to send to: a probe's target, a canary, a resolver.
public protocol ScopeAddressed: Sendable {
    var scopeAddress: IPAddress { get }
}

extension IPAddress: ScopeAddressed {
    public var scopeAddress: IPAddress { self }
}

/// A target the scope guard admitted. Only `ScopeGuard` can make one (the
/// initializer is not public), and probers build packets and open connections only
/// for this type: a name or address taken from a reply (a crawl link, a redirect, a
/// DNS answer, a PTR name) cannot be contacted without passing the guard first.
public struct InScope<Target: ScopeAddressed>: Sendable {
    public let target: Target

    init(_ target: Target) { self.target = target }

    /// The admitted address.
    public var address: IPAddress { target.scopeAddress }
}

/// Why the guard refused a target: "ADDR is outside the scope …" or "ADDR is blocklisted (…)".
public struct ScopeRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
}
