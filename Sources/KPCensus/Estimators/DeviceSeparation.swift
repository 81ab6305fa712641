import KPWire

/// Splits the client packets of one address into devices (Bellovin 2002 "A
/// technique for counting NATted hosts"; Kohno et al. 2005 on TCP timestamp
/// clocks). Packets are chained online, in time order:
/// - with TCP timestamps: a chain is one clock; a packet joins the chain whose
///   clock, run forward at its measured rate, predicts its TSval (unknown rate:
///   any rate from 90 to 1010 Hz; known: within 20 ticks + 0.1 %);
/// - without: a chain is one global IP ID counter; a packet joins the chain whose
///   last ID is fewest steps (at most 512) behind its own;
/// - the TTL must match in both cases. Devices = chains of at least 3 packets,
///   and at least the number of distinct HTTP User-Agents of the address.
/// Linux since 4.10 starts each connection's timestamps at a random offset: when
/// an address shows several timestamp chains and none of them spans two
/// connections, the clocks are taken as per-connection and count as one device
/// (with a lower confidence), User-Agents and IP ID counters then tell the rest.
struct AddressDevices {
    struct Chain {
        var timestamps: Bool
        var ttl: UInt8
        var firstT: Int64
        var firstVal: UInt32
        var lastT: Int64
        var lastVal: UInt32
        var span: UInt64 = 0          // clock ticks (or ID steps) from first to last
        var packets = 1
        var port: UInt16
        /// Connections (source ports, in a row) the chain spans.
        var connections = 1
        /// Seconds (since 1970) in which the chain sent packets, ascending.
        var seconds: [UInt32]

        /// Adds a packet with clock value (or IP ID) `val` to the chain.
        mutating func extend(t: Int64, val: UInt32, hasTS: Bool, port: UInt16, second: UInt32) {
            span &+= hasTS ? UInt64(val &- lastVal) : UInt64(UInt16(truncatingIfNeeded: val &- lastVal))
            lastT = t
            lastVal = val
            packets += 1
            if self.port != port { self.port = port; connections += 1 }
            if seconds.last != second { seconds.append(second) }
        }
    }

    var chains: [Chain] = []
    var userAgents: Set<String> = []

    static let minPackets = 3

    mutating func note(t: Int64, ttl: UInt8, ipID: UInt16, hasTS: Bool, tsVal: UInt32, port: UInt16) {
        let second = UInt32(truncatingIfNeeded: t / 1_000_000_000)
        var best = -1
        var bestScore = Double.infinity
        for i in chains.indices where chains[i].timestamps == hasTS && chains[i].ttl == ttl {
            // Field by field: a copy of the chain would retain and release its `seconds`.
            let lastT = chains[i].lastT, lastVal = chains[i].lastVal
            let dt = Double(t - lastT) / 1e9
            if hasTS {
                guard dt >= 0 else { continue }
                let dv = Double(tsVal &- lastVal)
                let elapsed = Double(lastT - chains[i].firstT) / 1e9
                let span = chains[i].span
                if elapsed >= 2 && span > 0 {
                    let rate = AddressDevices.clockRate(Double(span) / elapsed)
                    let err = abs(dv - rate * dt)
                    if err <= 20 + 0.002 * rate * dt, err < bestScore { best = i; bestScore = err }
                } else if dv <= 1010 * dt + 20 && dv >= 90 * dt - 20 {
                    let score = 1e6 + dv
                    if score < bestScore { best = i; bestScore = score }
                }
            } else {
                let step = Double(ipID &- UInt16(truncatingIfNeeded: lastVal))
                if step >= 1 && step <= 512 && step < bestScore { best = i; bestScore = step }
            }
        }
        let val = hasTS ? tsVal : UInt32(ipID)
        if best < 0 {
            chains.append(Chain(timestamps: hasTS, ttl: ttl, firstT: t, firstVal: val, lastT: t, lastVal: val, port: port, seconds: [second]))
            return
        }
        // One access to the chain (one uniqueness check of `chains`), not one per field.
        chains[best].extend(t: t, val: val, hasTS: hasTS, port: port, second: second)
    }

    /// Timestamp clocks tick at a few usual rates (RFC 7323 asks for 1 ms to 1 s; Linux
    /// uses 1000 Hz or its HZ of 100/250/300, Windows 10 ms steps): a measured rate within 3 %
    /// of one is taken as that rate, skew being far smaller; others are kept as measured.
    /// (A tuple, not an array: the rate is settled for every chain a timestamped packet is
    /// tried against, and an array global costs a lazy-initialisation check and a loop.)
    static let usualRates: (Double, Double, Double, Double, Double) = (10, 100, 250, 300, 1000)

    static func clockRate(_ measured: Double) -> Double {
        let r = usualRates
        if abs(measured - r.0) <= 0.03 * r.0 { return r.0 }
        if abs(measured - r.1) <= 0.03 * r.1 { return r.1 }
        if abs(measured - r.2) <= 0.03 * r.2 { return r.2 }
        if abs(measured - r.3) <= 0.03 * r.3 { return r.3 }
        if abs(measured - r.4) <= 0.03 * r.4 { return r.4 }
        return measured
    }

    /// Several timestamp chains, none spanning two connections: per-connection clocks.
    var perConnectionClocks: Bool {
        let ts = chains.filter { $0.timestamps && $0.packets >= AddressDevices.minPackets }
        return ts.count >= 3 && ts.allSatisfy { $0.connections == 1 }
    }

    /// The chains taken as devices (per-connection clocks merged into the first of them).
    var deviceChains: [Chain] {
        let kept = chains.filter { $0.packets >= AddressDevices.minPackets }
        guard perConnectionClocks, let first = kept.firstIndex(where: \.timestamps) else { return kept }
        var merged = kept.filter { !$0.timestamps }
        var one = kept[first]
        for c in kept where c.timestamps { one.seconds = Array(Set(one.seconds).union(c.seconds)).sorted() }
        merged.append(one)
        return merged
    }

    /// Devices behind the address and the share of its sampled packets they explain
    /// (halved when the timestamp clocks were per-connection).
    var count: (devices: Int, confidence: Double) {
        let kept = deviceChains
        let total = chains.reduce(0) { $0 + $1.packets }
        let explained = chains.filter { $0.packets >= AddressDevices.minPackets }.reduce(0) { $0 + $1.packets }
        let devices = max(kept.count, total > 0 ? 1 : 0)
        let share = total == 0 ? 0 : Double(explained) / Double(total)
        return (devices, perConnectionClocks ? share / 2 : share)
    }
}

/// Device evidence of every client address: fed by the census with the client
/// side of TCP flows (one dictionary lookup and a short scan of chains per packet).
final class DeviceTracker {
    private var index: [IPAddress: Int32] = [:]
    private let entries = SlotArray<AddressDevices>()
    let maxAddresses: Int
    let maxChains = 64

    init(maxAddresses: Int) { self.maxAddresses = maxAddresses }

    /// The evidence gathered for one client address.
    subscript(addr: IPAddress) -> AddressDevices? {
        index[addr].map { entries[Int($0)] }
    }

    /// The slot of a client address (made when new), or -1 past `maxAddresses`:
    /// flows keep it so a client packet costs no lookup.
    func slot(_ addr: IPAddress) -> Int32 {
        if let known = index[addr] { return known }
        guard entries.count < maxAddresses else { return -1 }
        index[addr] = Int32(entries.count)
        entries.append(AddressDevices())
        return Int32(entries.count - 1)
    }

    /// A client packet of the address in `slot` (the fields it needs, not the frame:
    /// a frame passed on from the census's inout one would be copied for every packet).
    func note(slot: Int32, t: Int64, ttl: UInt8, ipID: UInt16, hasTS: Bool, tsVal: UInt32, port: UInt16) {
        guard slot >= 0 else { return }
        let i = Int(slot)
        guard entries[i].chains.count < maxChains else { return }
        entries[i].note(t: t, ttl: ttl, ipID: ipID, hasTS: hasTS, tsVal: tsVal, port: port)
    }

    func noteUserAgent(_ ua: String, client: IPAddress) {
        guard let i = index[client].map(Int.init), entries[i].userAgents.count < 64 else { return }
        entries[i].userAgents.insert(ua)
    }
}
