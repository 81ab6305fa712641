import Foundation
import KPCensus
import KPPipeline
import KPReport

/// Draws a progress bar on standard error when it is a terminal (and not --quiet);
/// otherwise does nothing, so logs and pipes stay clean. Redraws at most 10 times
/// a second and erases the bar when done.
final class TerminalProgress {
    let enabled: Bool
    let start = Date()
    var lastDraw = Date.distantPast
    var drawn = false

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
    }

    func update(_ p: AnalyzeProgress) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let line = ProgressLine.render(packets: p.packets, bytesRead: p.bytesRead, bytesTotal: p.bytesTotal,
                                       elapsed: now.timeIntervalSince(start))
        FileHandle.standardError.write(Data("\r\(line)\u{1b}[K".utf8))
        drawn = true
    }

    /// A bar for work measured as a fraction done (simulated time, lab steps).
    func update(fraction: Double, label: String) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let line = ProgressLine.render(fraction: fraction, label: label, elapsed: now.timeIntervalSince(start))
        FileHandle.standardError.write(Data("\r\(line)\u{1b}[K".utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
    }
}
