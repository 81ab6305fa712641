import KPScope

/// What the three runners share: the scope guard that admits each target, the
/// rate limiter that paces the probes, the retries, and the count of probes sent.
public class ProbeRunner {
    let scope: ScopeGuard
    let limiter: RateLimiter
    /// Rounds after the first for targets that did not answer.
    public var retries = 1
    /// Probes sent: packets, datagrams, or connection attempts (one SYN each).
    public internal(set) var sent = 0

    public init(scope: ScopeGuard, limiter: RateLimiter) {
        self.scope = scope
        self.limiter = limiter
    }
}
