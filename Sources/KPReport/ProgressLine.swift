/// One line of a terminal progress bar: bar, percentage, packets, rate and ETA,
/// e.g. `[########------------]  41%  1245184 packets  88.1 MB/s  ETA 0:07`.
/// Without a known total (standard input) it shows packets and rate only.
public enum ProgressLine {
    public static func render(packets: Int, bytesRead: Int64, bytesTotal: Int64?, elapsed: Double, barWidth: Int = 24) -> String {
        let rate = elapsed > 0 ? Double(bytesRead) / elapsed : 0
        let rateText = "\(decimal(rate / 1_000_000)) MB/s"
        guard let total = bytesTotal, total > 0 else {
            return "\(packets) packets  \(rateText)"
        }
        let fraction = min(1, max(0, Double(bytesRead) / Double(total)))
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]"
        let percent = Int((fraction * 100).rounded(.down))
        let pad = String(repeating: " ", count: 3 - String(percent).count)
        let eta = rate > 0 ? clock(Double(total - min(bytesRead, total)) / rate) : "--:--"
        return "\(bar) \(pad)\(percent)%  \(packets) packets  \(rateText)  ETA \(eta)"
    }

    /// `[########------------]  41%  LABEL  ETA 0:07` for work known as a fraction done.
    public static func render(fraction: Double, label: String, elapsed: Double, barWidth: Int = 24) -> String {
        let f = min(1, max(0, fraction))
        let filled = Int((f * Double(barWidth)).rounded(.down))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]"
        let percent = Int((f * 100).rounded(.down))
        let pad = String(repeating: " ", count: 3 - String(percent).count)
        let eta = f > 0 ? clock(elapsed * (1 - f) / f) : "--:--"
        return "\(bar) \(pad)\(percent)%  \(label)  ETA \(eta)"
    }

    /// One decimal without locale.
    static func decimal(_ v: Double) -> String {
        let tenths = Int64((v * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// "m:ss" or "h:mm:ss".
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        let two = { (n: Int) in n < 10 ? "0\(n)" : String(n) }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }
}
