import Foundation
import KPWire

/// The resume file of one scan: read when the scan starts, written at every
/// checkpoint (atomically: a kill -9 leaves the old file or the new one, never half).
public final class ScanResume {
    public let path: String
    public private(set) var state: ScanResumeState
    /// Whether FILE held an earlier part of this scan.
    public let resumed: Bool

    /// Continues the scan FILE holds if it is this scan (exit 2 naming what differs
    /// if not), or starts FILE for a new one. Written once before any packet, so an
    /// unwritable path fails first.
    public init(path: String, options: ScanOptions) throws {
        self.path = path
        let identity = ScanIdentity(options)
        if let data = FileManager.default.contents(atPath: path) {
            guard let saved = try? JSONDecoder().decode(ScanResumeState.self, from: data), saved.schema == ScanResumeState.currentSchema else {
                throw ScanError("--resume \(path): not a kpcensus scan resume file (\(ScanResumeState.currentSchema)); give another path or remove the file")
            }
            let diff = identity.differences(from: saved.scan)
            guard diff.isEmpty else {
                throw ScanError("--resume \(path) holds another scan (\(diff.joined(separator: "; "))): give the same options, or another file to start anew")
            }
            state = saved
            resumed = true
        } else {
            state = ScanResumeState(scan: identity)
            resumed = false
        }
        try save()
    }

    /// Changes the state and writes it.
    public func record(_ change: (inout ScanResumeState) -> Void) throws {
        change(&state)
        try save()
    }

    private func save() throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted]
        let tmp = path + ".tmp"
        do {
            try enc.encode(state).write(to: URL(fileURLWithPath: tmp))
            guard rename(tmp, path) == 0 else { throw ScanError("rename: \(String(cString: strerror(errno)))") }
        } catch {
            throw ScanError("--resume \(path): cannot write the resume file (\(error)); give a writable path")
        }
    }

    /// The saved port answers as the SYN runner keeps them.
    var portAnswers: [ProbeTarget: PortReply] {
        var out: [ProbeTarget: PortReply] = [:]
        for a in state.ports.answers {
            guard let addr = IPAddress(a.addr), let s = PortState(rawValue: a.state) else { continue }
            out[ProbeTarget(addr: addr, port: a.port)] = PortReply(state: s, ttl: a.ttl)
        }
        return out
    }

    static func answers(_ replies: [ProbeTarget: PortReply]) -> [ScanResumeState.PortAnswer] {
        replies.map { .init(addr: $0.key.addr.description, port: $0.key.port, state: $0.value.state.rawValue, ttl: $0.value.ttl) }.sorted()
    }
}
