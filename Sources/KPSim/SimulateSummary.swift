import Foundation

/// What `simulate` prints: the packets written and the truth they were made from.
public enum SimulateSummary {
    /// The summary of simulating `spec` with `seed`; `rate` in packets per second.
    public static func text(_ result: Simulator.Result, spec: SimSpec, seed: UInt64, rate: Double) -> String {
        let t = result.truth
        return """
            simulate: \(spec.name) seed \(seed): \(result.packets) packets, \(result.bytes) bytes, \(t.duration) s window
            sites     \(t.sites.total) (\(t.sites.visited) visited, \(t.sites.lookedUpOnly) only looked up)
            users     \(t.users.total) devices (\(t.users.active) active) behind \(t.clientAddrs.total) addresses (\(t.clientAddrs.active) active)
            \(String(format: "speed     %.0f packets/s", rate))

            """
    }
}
