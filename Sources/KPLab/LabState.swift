import Foundation
import KPModel

/// What `lab up` made, kept on disk as it goes (/run/kpcensus/labs/NAME/state.json),
/// so that `lab down` removes exactly that, also after a crash or a second `up`.
public struct LabState: Codable, Equatable, Sendable {
    public var lab: String
    public var spec: String
    public var startedAt: String
    /// Complete once every server and traffic driver runs.
    public var complete: Bool
    /// Namespaces in the order they were made (each recorded before it is made).
    public var namespaces: [String]
    public var processes: [Proc]
    /// Files made outside the lab folder (/etc/netns/<ns>/…).
    public var files: [String]
    public var truth: String?
    public var breach: String?

    /// A process the lab started: PID and its start time (clock ticks after boot,
    /// /proc/PID/stat field 22) so a recycled PID is never taken for ours.
    public struct Proc: Codable, Equatable, Sendable {
        public var pid: Int32
        public var startTime: UInt64
        public var netns: String
        public var what: String

        enum CodingKeys: String, CodingKey {
            case pid, netns, what
            case startTime = "start_time"
        }
    }

    enum CodingKeys: String, CodingKey {
        case lab, spec, complete, namespaces, processes, files, truth, breach
        case startedAt = "started_at"
    }

    /// Where lab state and work files live (tmpfs: gone after a reboot, as are namespaces).
    public static let root = "/run/kpcensus/labs"

    public static func folder(_ lab: String) -> String { "\(root)/\(lab)" }

    static func file(_ lab: String) -> String { "\(folder(lab))/state.json" }

    public static func load(_ lab: String) throws -> LabState? {
        guard let data = FileManager.default.contents(atPath: file(lab)) else { return nil }
        do { return try JSONDecoder().decode(LabState.self, from: data) } catch {
            throw LabError("\(file(lab)): unreadable lab state (\(error)); remove the namespaces kp-\(lab)-* by hand (ip netns del) and delete this file", exitCode: 3)
        }
    }

    func save() throws {
        try FileManager.default.createDirectory(atPath: LabState.folder(lab), withIntermediateDirectories: true)
        let tmp = LabState.file(lab) + ".tmp"
        try CanonicalJSON.encode(self, style: JSONStyle(nils: .omitted)).write(to: URL(fileURLWithPath: tmp))
        _ = rename(tmp, LabState.file(lab))
    }

    /// The start time of a live process, or nil when there is none with that PID.
    static func startTime(of pid: Int32) -> UInt64? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name: state is field 3, starttime field 22.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }

    /// Whether a recorded process still runs (same PID, same start time).
    static func alive(_ p: Proc) -> Bool { startTime(of: p.pid) == p.startTime }
}
