import KPCensus
import KPModel

/// Inline SVG charts for the HTML report: plain shapes and text, no scripts, sized
/// in user units so the browser scales them. Coordinates are written with one
/// decimal by integer arithmetic, so the bytes never depend on the locale.
public enum SVGCharts {
    /// One decimal, no locale: 12.25 → "12.3".
    static func f(_ v: Double) -> String {
        let tenths = Int64((v * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        let a = abs(tenths)
        return a % 10 == 0 ? "\(sign)\(a / 10)" : "\(sign)\(a / 10).\(a % 10)"
    }

    static func esc(_ s: String) -> String { HTMLReport.escape(s) }

    static func empty(_ id: String, _ title: String) -> String {
        "<svg id=\"\(id)\" class=\"chart\" role=\"img\" viewBox=\"0 0 720 40\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(esc(title))</title><text x=\"8\" y=\"24\" class=\"muted\">nothing to chart in this run</text></svg>"
    }

    /// Horizontal bars, one per (label, value), largest first as given.
    public static func bars(id: String, title: String, _ items: [(String, Int)]) -> String {
        guard let top = items.map(\.1).max(), top > 0 else { return empty(id, title) }
        let row = 26.0, labelW = 190.0, barMax = 720.0 - labelW - 60
        let h = Double(items.count) * row + 8
        var s = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" viewBox=\"0 0 720 \(f(h))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(esc(title))</title>"
        for (n, (label, value)) in items.enumerated() {
            let y = 4 + Double(n) * row
            let w = max(2, barMax * Double(value) / Double(top))
            s += "<text x=\"\(f(labelW - 8))\" y=\"\(f(y + 17))\" text-anchor=\"end\">\(esc(label))</text>"
            s += "<rect class=\"bar\" x=\"\(f(labelW))\" y=\"\(f(y + 3))\" width=\"\(f(w))\" height=\"\(f(row - 8))\"><title>\(esc(label)): \(value)</title></rect>"
            s += "<text x=\"\(f(labelW + w + 6))\" y=\"\(f(y + 17))\">\(value)</text>"
        }
        return s + "</svg>"
    }

    /// Estimates with their 95 % intervals on one axis from 0: a line for the
    /// interval, a dot for the estimate, a tick for the observed count.
    public static func intervals(id: String, title: String, _ items: [(String, CensusReport.Estimate)]) -> String {
        let top = items.flatMap { [$0.1.estimate ?? 0, Double($0.1.observed)] + ($0.1.ci95 ?? []) }.max() ?? 0
        guard top > 0 else { return empty(id, title) }
        let scaleMax = niceCeiling(top * 1.1)
        let row = 44.0, x0 = 110.0, w = 720.0 - x0 - 30
        let h = Double(items.count) * row + 34
        func x(_ v: Double) -> Double { x0 + w * v / scaleMax }
        var s = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" viewBox=\"0 0 720 \(f(h))\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(esc(title))</title>"
        let axisY = Double(items.count) * row + 8
        s += "<line class=\"axis\" x1=\"\(f(x0))\" y1=\"\(f(axisY))\" x2=\"\(f(x0 + w))\" y2=\"\(f(axisY))\"/>"
        for k in 0 ... 4 {
            let v = scaleMax * Double(k) / 4
            s += "<line class=\"axis\" x1=\"\(f(x(v)))\" y1=\"\(f(axisY))\" x2=\"\(f(x(v)))\" y2=\"\(f(axisY + 4))\"/>"
            s += "<text x=\"\(f(x(v)))\" y=\"\(f(axisY + 18))\" text-anchor=\"middle\" class=\"muted\">\(ReportSections.num(v))</text>"
        }
        for (n, (label, e)) in items.enumerated() {
            let y = 8 + Double(n) * row + row / 2
            s += "<text x=\"\(f(x0 - 10))\" y=\"\(f(y + 5))\" text-anchor=\"end\">\(esc(label))</text>"
            guard let estimate = e.estimate else {
                // No estimate: the observed count alone, and why.
                s += "<rect class=\"observed\" x=\"\(f(x(Double(e.observed)) - 1.5))\" y=\"\(f(y - 12))\" width=\"3\" height=\"24\"><title>observed \(e.observed)</title></rect>"
                s += "<text x=\"\(f(x(Double(e.observed)) + 10))\" y=\"\(f(y + 5))\" class=\"muted\">\(esc(ReportSections.estimateText(e)))</text>"
                continue
            }
            let lo = e.ci95?.first ?? estimate, hi = e.ci95?.last ?? estimate
            s += "<line class=\"interval\" x1=\"\(f(x(lo)))\" y1=\"\(f(y))\" x2=\"\(f(x(hi)))\" y2=\"\(f(y))\"/>"
            s += "<line class=\"interval\" x1=\"\(f(x(lo)))\" y1=\"\(f(y - 7))\" x2=\"\(f(x(lo)))\" y2=\"\(f(y + 7))\"/>"
            s += "<line class=\"interval\" x1=\"\(f(x(hi)))\" y1=\"\(f(y - 7))\" x2=\"\(f(x(hi)))\" y2=\"\(f(y + 7))\"/>"
            s += "<rect class=\"observed\" x=\"\(f(x(Double(e.observed)) - 1.5))\" y=\"\(f(y - 12))\" width=\"3\" height=\"24\"><title>observed \(e.observed)</title></rect>"
            s += "<circle class=\"estimate\" cx=\"\(f(x(estimate)))\" cy=\"\(f(y))\" r=\"5\"><title>\(esc(ReportSections.estimateText(e)))</title></circle>"
            s += "<text x=\"\(f(x(hi) + 10))\" y=\"\(f(y + 5))\" class=\"muted\">\(ReportSections.num(estimate)) [\(ReportSections.num(lo))–\(ReportSections.num(hi))]</text>"
        }
        return s + "</svg>"
    }

    /// Packets per bucket over the capture period, empty buckets drawn as gaps.
    public static func activity(id: String, title: String, _ a: Inventory.Activity) -> String {
        guard let first = a.buckets.first, let last = a.buckets.last, a.bucketMS > 0,
              let t0 = CensusReport.epochMicros(first.start), let t1 = CensusReport.epochMicros(last.start),
              let top = a.buckets.map(\.packets).max(), top > 0 else { return empty(id, title) }
        let width = Int64(a.bucketMS) * 1000
        let count = Double((t1 - t0) / width + 1)
        let x0 = 60.0, w = 720.0 - x0 - 12, y0 = 10.0, h = 150.0
        var s = "<svg id=\"\(id)\" class=\"chart\" role=\"img\" viewBox=\"0 0 720 200\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(esc(title))</title>"
        s += "<line class=\"axis\" x1=\"\(f(x0))\" y1=\"\(f(y0 + h))\" x2=\"\(f(x0 + w))\" y2=\"\(f(y0 + h))\"/>"
        s += "<line class=\"axis\" x1=\"\(f(x0))\" y1=\"\(f(y0))\" x2=\"\(f(x0))\" y2=\"\(f(y0 + h))\"/>"
        s += "<text x=\"\(f(x0 - 6))\" y=\"\(f(y0 + 10))\" text-anchor=\"end\" class=\"muted\">\(top)</text>"
        s += "<text x=\"\(f(x0 - 6))\" y=\"\(f(y0 + h))\" text-anchor=\"end\" class=\"muted\">0</text>"
        let bw = max(w / count, 0.5)
        for b in a.buckets {
            guard let t = CensusReport.epochMicros(b.start) else { continue }
            let i = Double((t - t0) / width)
            let bh = max(1, h * Double(b.packets) / Double(top))
            s += "<rect class=\"bar\" x=\"\(f(x0 + w * i / count))\" y=\"\(f(y0 + h - bh))\" width=\"\(f(bw))\" height=\"\(f(bh))\"><title>\(b.start): \(b.packets) packets, \(b.bytes) bytes</title></rect>"
        }
        s += "<text x=\"\(f(x0))\" y=\"\(f(y0 + h + 20))\" class=\"muted\">\(esc(first.start))</text>"
        s += "<text x=\"\(f(x0 + w))\" y=\"\(f(y0 + h + 20))\" text-anchor=\"end\" class=\"muted\">\(esc(last.start))</text>"
        s += "<text x=\"\(f(x0 + w / 2))\" y=\"\(f(y0 + h + 36))\" text-anchor=\"middle\" class=\"muted\">packets per \(a.bucketMS) ms (UTC)</text>"
        return s + "</svg>"
    }

    /// The smallest of 1, 2, 5 × 10^k at or above `v`.
    static func niceCeiling(_ v: Double) -> Double {
        var p = 1.0
        while p * 10 <= v { p *= 10 }
        for m in [1.0, 2, 5, 10] where m * p >= v { return m * p }
        return 10 * p
    }
}
