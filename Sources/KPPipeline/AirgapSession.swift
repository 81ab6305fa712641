import KPAirgap
import KPCapture

extension AirgapCheck {
    /// `airgap`: the passive checks over the captures (outside ones first, one session)
    /// and the active plan, if any, then the verdict. Throws `AirgapError` (exit 2)
    /// naming a file that cannot be opened as a capture.
    public static func run(inside: [String], outside: [String], scope: InsideScope, active: ActivePlan?,
                           log: (String) -> Void = { _ in }) throws -> AirgapResult {
        var passive: (findings: [Finding], coverage: PassiveCoverage)?
        if !inside.isEmpty || !outside.isEmpty {
            let inputs = outside.map { (path: $0, outside: true) } + inside.map { (path: $0, outside: false) }
            let readers = try inputs.map { input in
                do { return try CaptureFileReader(path: input.path) } catch {
                    throw AirgapError("\(input.outside ? "--outside-pcap" : "--pcap") \(error)")
                }
            }
            passive = withoutActuallyEscaping(log) { log in
                let sink = PassiveSink(scope: scope, log: log)
                Session(readers: readers, outside: inputs.map(\.outside)).run(census: nil, airgap: sink)
                return sink.finish()
            }
        }
        return try decide(passive: passive, scope: scope, active: active, log: log)
    }
}
