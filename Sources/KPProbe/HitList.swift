import Foundation
import KPScope
import KPWire

/// `--targets-file FILE`: a hit list, one IPv4 address a line, `#` comments (AAAA
/// answers, addresses a passive census saw). Lines the scope guard refuses are named
/// (file:line and why) and skipped, so one stray address does not cancel a long list.
public struct HitList: Sendable {
    public var addresses: [String] = []
    /// "FILE:LINE: why", one per skipped line, in file order.
    public var skipped: [String] = []

    public static func read(path: String, scope: ScopeGuard) throws -> HitList {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ScanError("--targets-file \(path): cannot read the file (one IPv4 address a line, # comments)")
        }
        var list = HitList()
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let item = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingCharacters(in: .whitespaces)
            if item.isEmpty { continue }
            guard let a = IPAddress(item), a.isV4 else {
                list.skipped.append("\(path):\(n + 1): '\(item)' is not an IPv4 address")
                continue
            }
            if let why = scope.refusal(a) {
                list.skipped.append("\(path):\(n + 1): \(why)")
            } else {
                list.addresses.append(a.description)
            }
        }
        return list
    }
}
