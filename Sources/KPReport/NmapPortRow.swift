import KPModel

/// One open port as nmap's outputs (-oX, -oG) describe it, from a scan's inventory:
/// the one mapping both writers share. `software` (a banner or Server header) stands
/// in for nmap's product until services carry nmap's own product/version fields.
struct NmapPortRow {
    let addr: String
    let port: Int
    let proto: String
    let name: String
    let product: String?
    /// nmap's `method`: "probed" when content named the service, "table" for a port guess.
    let probed: Bool

    static func rows(_ inv: Inventory) -> [NmapPortRow] {
        inv.services.map { s in
            NmapPortRow(addr: s.addr, port: s.port, proto: s.transport, name: s.service ?? "unknown",
                        product: s.software, probed: s.service != nil)
        }
    }

    /// nmap's host names: every name the scan tied to the address, as PTR-type when
    /// they came from DNS.
    static func hostNames(_ inv: Inventory) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: inv.hosts.map { ($0.addr, $0.names) })
    }
}
