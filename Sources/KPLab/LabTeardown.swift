import Foundation
import KPModel

extension Lab {
    /// What `down` removed.
    public struct DownResult: Equatable, Sendable {
        public var namespaces: Int
        public var processes: Int
    }

    /// Stops the lab's processes and removes its namespaces and files, exactly as
    /// recorded in its state; nil when no lab of that name is up.
    public static func down(name: String, log: (String) -> Void = { _ in }) throws -> DownResult? {
        try Environment.require([.sysAdmin, .netAdmin], for: "lab down (network namespaces)")
        guard let state = try LabState.load(name) else { return nil }
        var stopped = 0
        for p in state.processes where LabState.alive(p) {
            kill(p.pid, SIGTERM)
            stopped += 1
        }
        let present = Set(existingNamespaces())
        let ours = state.namespaces.filter { present.contains($0) }
        // Whatever else still runs in our own namespaces was started by the lab
        // (server workers, a traffic driver's curl): TERM, then KILL.
        func leftovers() -> [Int32] {
            ours.flatMap { ns in
                ((try? Exec.run(["ip", "netns", "pids", ns]).output) ?? "").split(separator: "\n").compactMap { Int32($0) }
            }
        }
        var deadline = Date().addingTimeInterval(3)
        while Date() < deadline, state.processes.contains(where: LabState.alive) { usleep(50_000) }
        for pid in leftovers() { kill(pid, SIGTERM) }
        deadline = Date().addingTimeInterval(2)
        while Date() < deadline, !leftovers().isEmpty { usleep(50_000) }
        for pid in leftovers() { kill(pid, SIGKILL) }
        for ns in ours.reversed() {
            let r = try Exec.run(["ip", "netns", "del", ns])
            if r.status != 0 { log("ip netns del \(ns): \(r.output)") }
        }
        for f in state.files {
            if f == "/etc/netns" { _ = rmdir(f) } else { try? FileManager.default.removeItem(atPath: f) }
        }
        try? FileManager.default.removeItem(atPath: LabState.folder(name))
        log("lab \(name): stopped \(stopped) processes, removed \(ours.count) namespaces")
        return DownResult(namespaces: ours.count, processes: stopped)
    }

    /// The state of a lab as it is now.
    public struct Status: Codable, Equatable, Sendable {
        public var lab: String
        public var spec: String
        public var startedAt: String
        public var complete: Bool
        public var namespaces: Int
        public var namespacesPresent: Int
        public var processes: Int
        public var processesRunning: Int
        public var truth: String?
        public var breach: String?
        public var capturePoints: [LabTruth.CapturePoint]

        enum CodingKeys: String, CodingKey {
            case lab, spec, complete, namespaces, processes, truth, breach
            case startedAt = "started_at"
            case namespacesPresent = "namespaces_present"
            case processesRunning = "processes_running"
            case capturePoints = "capture_points"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(lab, forKey: .lab)
            try c.encode(spec, forKey: .spec)
            try c.encode(startedAt, forKey: .startedAt)
            try c.encode(complete, forKey: .complete)
            try c.encode(namespaces, forKey: .namespaces)
            try c.encode(namespacesPresent, forKey: .namespacesPresent)
            try c.encode(processes, forKey: .processes)
            try c.encode(processesRunning, forKey: .processesRunning)
            try c.encode(truth, forKey: .truth)
            try c.encode(breach, forKey: .breach)
            try c.encode(capturePoints, forKey: .capturePoints)
        }

        /// Whether everything `up` made is still there and running.
        public var healthy: Bool { complete && namespacesPresent == namespaces && processesRunning == processes }
    }

    /// The status of lab `name`, or nil when it is not up.
    public static func status(name: String) throws -> Status? {
        guard let s = try LabState.load(name) else { return nil }
        let present = Set(existingNamespaces())
        var points: [LabTruth.CapturePoint] = []
        if let t = s.truth, let data = FileManager.default.contents(atPath: t), let truth = try? LabTruth.decode(data) {
            points = truth.capturePoints
        }
        return Status(lab: s.lab, spec: s.spec, startedAt: s.startedAt, complete: s.complete, namespaces: s.namespaces.count,
                      namespacesPresent: s.namespaces.filter { present.contains($0) }.count, processes: s.processes.count,
                      processesRunning: s.processes.filter(LabState.alive).count, truth: s.truth, breach: s.breach,
                      capturePoints: points)
    }
}
