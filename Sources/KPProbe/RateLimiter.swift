import Foundation

/// A token bucket: `rate` tokens a second, at most `burst` saved up. Each probe
/// takes one token; `wait` sleeps until one is there. The clock is injectable so
/// tests can drive it.
public final class RateLimiter {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var last: Double
    private let clock: () -> Double
    /// Tokens taken so far: the probes sent (for progress bars).
    public private(set) var taken = 0
    /// Called after each token is taken (from the thread that takes it).
    public var onTake: ((Int) -> Void)?

    public static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// `burst` defaults to a hundredth of a second of probes (at least 1).
    public init(rate: Double, burst: Double? = nil, clock: @escaping () -> Double = RateLimiter.monotonic) {
        self.rate = rate
        self.burst = burst ?? max(1, rate / 100)
        self.clock = clock
        tokens = self.burst
        last = clock()
    }

    private func refill() {
        let now = clock()
        tokens = min(burst, tokens + (now - last) * rate)
        last = now
    }

    /// Takes a token if one is there.
    public func tryTake() -> Bool {
        refill()
        if tokens >= 1 {
            tokens -= 1
            taken += 1
            onTake?(taken)
            return true
        }
        return false
    }

    /// Seconds until a token will be there (0 when one is).
    public func delay() -> Double {
        refill()
        return tokens >= 1 ? 0 : (1 - tokens) / rate
    }

    /// Blocks until a token is there and takes it.
    public func wait() {
        while !tryTake() {
            let d = delay()
            if d > 0 { usleep(useconds_t(max(1, min(d, 0.05) * 1e6))) }
        }
    }
}
