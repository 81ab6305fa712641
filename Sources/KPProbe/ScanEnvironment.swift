import KPScope

/// What every phase of one scan shares: the options, the rate limiter, the
/// validation key and the log; and the runners, each through the scope guard.
struct ScanEnvironment {
    let options: ScanOptions
    let limiter: RateLimiter
    let cookie: ValidationCookie
    let log: (String) -> Void
    /// `--resume FILE`: where the host and port phases start again and save their progress.
    var resume: ScanResume?

    var ctx: ProbeContext { ProbeContext(cookie: cookie) }
    var scope: ScopeGuard { options.scope }

    func has(_ p: ProbeName) -> Bool { options.probes.contains(p) }

    /// Saves the resume file; a failed save is logged, the scan goes on.
    func checkpoint(_ change: (inout ScanResumeState) -> Void) {
        do { try resume?.record(change) } catch { log("\(error)") }
    }

    func streams(connectTimeout: Double = 1, readTimeout: Double = 3) -> StreamRunner {
        let r = StreamRunner(scope: scope, limiter: limiter)
        r.retries = options.retries
        r.connectTimeout = connectTimeout
        r.readTimeout = readTimeout
        return r
    }

    func datagrams() -> DatagramRunner {
        let r = DatagramRunner(scope: scope, limiter: limiter)
        r.retries = options.retries
        return r
    }

    func packets() -> PacketRunner {
        let p = PacketRunner(scope: scope, limiter: limiter)
        p.retries = options.retries
        return p
    }

    /// Runs `module` over stream connections and counts its attempts into `found`.
    func stream<M: ProbeModule>(_ module: M, _ targets: [ProbeTarget], into found: inout ScanFindings,
                                connectTimeout: Double = 1, readTimeout: Double = 3) -> [StreamRunner.Outcome] {
        let r = streams(connectTimeout: connectTimeout, readTimeout: readTimeout)
        let out = r.run(module, targets, ctx)
        found.probesSent += r.sent
        return out
    }

    /// Runs `module` over one UDP socket and counts its queries into `found`; each target's reading.
    func datagram<M: ProbeModule>(_ module: M, _ targets: [ProbeTarget], into found: inout ScanFindings) -> [M.Output?] {
        let d = datagrams()
        let replies = d.run(module, targets, ctx)
        found.probesSent += d.sent
        return zip(targets, replies).map { t, r in r.flatMap { module.classify($0, t) } }
    }
}
