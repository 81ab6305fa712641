import Foundation

/// What `lab up` and `lab status` print.
public enum LabText {
    /// The lab made in `seconds`, where its truth went, how to capture and take it down.
    public static func up(_ r: Lab.UpResult, seconds: Double) -> String {
        let lab = r.truth.lab
        var lines = ["lab \(lab) up in \(String(format: "%.1f", seconds)) s: \(r.namespaces) namespaces, \(r.processes) processes, "
            + "\(r.truth.sites.count) sites, \(r.truth.services.count) services, \(r.truth.clients.count) client addresses",
            "truth: \(r.truthPath)"]
        if let cp = r.truth.capturePoints.first {
            lines.append("capture: kpcensus capture --netns \(cp.netns) -i \(cp.interface) --duration 60 --json inventory.json")
        }
        lines.append("down:   kpcensus lab down --name \(lab)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A lab's status as text.
    public static func status(_ s: Lab.Status) -> String {
        var lines = ["lab \(s.lab) (\(s.spec)), up since \(s.startedAt)\(s.complete ? "" : " (incomplete)")",
                     "namespaces \(s.namespacesPresent)/\(s.namespaces), processes running \(s.processesRunning)/\(s.processes)"]
        if let b = s.breach { lines.append("breach: \(b)") }
        if let t = s.truth { lines.append("truth: \(t)") }
        for cp in s.capturePoints { lines.append("capture point: --netns \(cp.netns) -i \(cp.interface)  (\(cp.description))") }
        return lines.joined(separator: "\n") + "\n"
    }
}
