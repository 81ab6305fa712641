/// DNS queries (RFC 1035 4.1): the header, one question, class IN; for the
/// scanner's probes, the air-gap tests' queries and the simulator's traffic.
public enum DNSQueryBuilder {
    /// A name as DNS labels (each cut to 63 bytes, empty labels left out), with the root's 0.
    public static func labels(_ name: String) -> [UInt8] {
        var out: [UInt8] = []
        for label in name.split(separator: ".") where !label.isEmpty {
            let l = label.utf8.prefix(63)
            out.append(UInt8(l.count))
            out.append(contentsOf: l)
        }
        out.append(0)
        return out
    }

    /// Fills `out` (emptied first, its storage kept) with a query of id `id` for
    /// `qname` (as `labels` gives it) and `type`; RD set when `recursionDesired`.
    public static func query(_ out: inout [UInt8], id: UInt16, qname: [UInt8], type: UInt16, recursionDesired: Bool) {
        out.removeAll(keepingCapacity: true)
        out.append(UInt8(id >> 8)); out.append(UInt8(id & 0xff))
        out.append(recursionDesired ? 0x01 : 0); out.append(0)
        out.append(contentsOf: [0, 1, 0, 0, 0, 0, 0, 0] as [UInt8])
        out.append(contentsOf: qname)
        out.append(UInt8(type >> 8)); out.append(UInt8(type & 0xff))
        out.append(0); out.append(1)
    }

    /// A query for `name` as a new array.
    public static func query(id: UInt16, name: String, type: UInt16, recursionDesired: Bool) -> [UInt8] {
        var out: [UInt8] = []
        query(&out, id: id, qname: labels(name), type: type, recursionDesired: recursionDesired)
        return out
    }
}
