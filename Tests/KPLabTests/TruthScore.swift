import Foundation
import KPLab
import KPModel

/// What an inventory JSON missed of a lab's truth: each entry says what and
/// where, empty when every site (with its address), service (with label and
/// software) and client address was found.
func missedTruth(inventory data: Data, truth: LabTruth) throws -> [String] {
    guard let inv = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { return ["inventory is not a JSON object"] }
    var missed: [String] = []
    var sites: [String: [String]] = [:]
    for s in inv["sites"] as? [[String: Any]] ?? [] { sites[s["name"] as? String ?? ""] = s["addrs"] as? [String] }
    for s in truth.sites where sites[s.name]?.contains(s.addr) != true {
        missed.append("site \(s.name) at \(s.addr) (found: \(sites[s.name]?.joined(separator: ",") ?? "nothing"))")
    }
    var services: [String: [String: Any]] = [:]
    for s in inv["services"] as? [[String: Any]] ?? [] { services["\(s["addr"] ?? "")/\(s["transport"] ?? "")/\(s["port"] ?? "")"] = s }
    for s in truth.services {
        let f = services["\(s.addr)/\(s.transport)/\(s.port)"]
        if f?["service"] as? String != s.service || f?["software"] as? String != s.software {
            missed.append("service \(s.addr)/\(s.transport)/\(s.port) \(s.service) \(s.software ?? "null") (found: \(f.map { "\($0["service"] ?? "null") \($0["software"] ?? "null")" } ?? "nothing"))")
        }
    }
    let clients = Set((inv["hosts"] as? [[String: Any]] ?? []).filter { ($0["roles"] as? [String])?.contains("client") == true }.compactMap { $0["addr"] as? String })
    for c in truth.clients where !clients.contains(c.addr) { missed.append("client \(c.addr) (\(c.kind))") }
    return missed
}
