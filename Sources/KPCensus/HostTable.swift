import KPWire

/// Per-address counters, kept in a flat array indexed through one hash map so the
/// per-packet update is a lookup and a few additions.
struct HostTable {
    struct Entry {
        var addr: IPAddress
        var packets = 0
        var bytes = 0
        /// The address was the source of at least one packet: only such hosts are listed.
        var sent = false
        var isServer = false
        var isClient = false
        var lastMAC = MACAddress(0)
        var macs: [MACAddress] = []
        var firstSent: PacketSource?
    }

    static let maxMACsPerHost = 16
    let capacity: Int
    let entries = SlotArray<Entry>()
    private var index: [IPAddress: Int32] = [:]
    private(set) var refused = 0

    init(capacity: Int) { self.capacity = capacity }

    /// The slot of `addr`, made when new; nil when the table is full.
    mutating func slot(_ addr: IPAddress) -> Int? {
        if let i = index[addr] { return Int(i) }
        guard entries.count < capacity else { refused += 1; return nil }
        index[addr] = Int32(entries.count)
        entries.append(Entry(addr: addr))
        return entries.count - 1
    }

    /// The slot of a unicast address (made when new), or -1: flows keep their two
    /// endpoints' slots so a packet of a known flow costs no host lookup.
    mutating func slotIfUnicast(_ addr: IPAddress) -> Int32 {
        guard addr.isUnicast, let i = slot(addr) else { return -1 }
        return Int32(i)
    }

    mutating func count(_ addr: IPAddress, bytes: Int, sent: Bool, mac: MACAddress?, at source: PacketSource) {
        count(slot: slotIfUnicast(addr), bytes: bytes, sent: sent, mac: mac, at: source)
    }

    mutating func count(slot: Int32, bytes: Int, sent: Bool, mac: MACAddress?, at source: PacketSource) {
        guard slot >= 0 else { return }
        HostTable.tally(&entries[Int(slot)], bytes: bytes, sent: sent, mac: mac, at: source)
    }

    /// One access to the entry per packet (one bounds check, not one per field).
    private static func tally(_ e: inout Entry, bytes: Int, sent: Bool, mac: MACAddress?, at source: PacketSource) {
        e.packets += 1
        e.bytes += bytes
        guard sent else { return }
        if !e.sent {
            e.sent = true
            e.firstSent = source
        }
        if let mac, mac.isUnicast, mac != e.lastMAC {
            e.lastMAC = mac
            if !e.macs.contains(mac) && e.macs.count < HostTable.maxMACsPerHost { e.macs.append(mac) }
        }
    }

    mutating func markServer(_ addr: IPAddress) {
        if let i = index[addr].map(Int.init) { entries[i].isServer = true }
    }

    mutating func markClient(_ addr: IPAddress) {
        if let i = index[addr].map(Int.init) { entries[i].isClient = true }
    }
}
