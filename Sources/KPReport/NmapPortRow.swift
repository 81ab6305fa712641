import KPModel

/// One open port as nmap's outputs (-oX, -oG) describe it, from a scan's inventory:
/// the one mapping both writers share. nmap's product/version/info/cpe come from the
/// service fingerprints (`--probes version`, or a passive match); without them the
/// banner or Server header (`software`) stands in for the product.
struct NmapPortRow {
    let addr: String
    let port: Int
    let proto: String
    let name: String
    let product: String?
    let version: String?
    let info: String?
    let cpe: [String]
    /// nmap's `method`: "probed" when content named the service, "table" for a port guess.
    let probed: Bool

    static func rows(_ inv: Inventory) -> [NmapPortRow] {
        inv.services.map { s in
            NmapPortRow(addr: s.addr, port: s.port, proto: s.transport, name: s.service ?? "unknown",
                        product: s.product ?? s.software, version: s.product == nil ? nil : s.version,
                        info: s.product == nil ? nil : s.info, cpe: s.cpe, probed: s.service != nil)
        }
    }

    /// nmap's grepable version field: "product version (info)".
    var versionText: String {
        var t = [product, version].compactMap { $0 }.joined(separator: " ")
        if let info { t += t.isEmpty ? "(\(info))" : " (\(info))" }
        return t
    }

    /// nmap's host names: every name the scan tied to the address, as PTR-type when
    /// they came from DNS.
    static func hostNames(_ inv: Inventory) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: inv.hosts.map { ($0.addr, $0.names) })
    }
}
