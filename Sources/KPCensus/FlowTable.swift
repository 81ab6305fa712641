import KPWire

/// A bidirectional 5-tuple, VLAN-aware: the same addresses and ports on two VLANs
/// are two flows (they can be two networks reusing addresses). Endpoint A is the
/// lower (address, port) pair, so both directions find the same key. ICMP echo
/// flows use the echo identifier as both ports; other ICMP and other protocols use 0.
struct FlowKey: FastHashable {
    var a: IPAddress
    var b: IPAddress
    var aPort: UInt16
    var bPort: UInt16
    var proto: UInt8
    var vlan: UInt32

    /// Ports, protocol and VLAN in one word, for hashing.
    var tail: UInt64 { UInt64(aPort) << 48 | UInt64(bPort) << 32 | UInt64(proto) << 24 | UInt64(vlan & 0xff_ffff) }

    // See IPAddress: a multiply-mix instead of SipHash on the per-packet path.
    func fastHash(seed: UInt64) -> UInt64 {
        FastHash.mix(FastHash.mix(a.hi ^ seed, a.lo), FastHash.mix(b.hi ^ tail, b.lo))
    }
}

/// How a flow's client and server were told apart, best first.
enum RoleSource: UInt8 {
    case none, port, firstPacket, content, handshake
}

/// Per-direction tallies: index 0 is from A, 1 is from B.
struct DirectionCounts {
    var packets: UInt32 = 0
    var payloadPackets: UInt32 = 0
    var synAck = false
    var syn = false
    var fin = false
    var rst = false
    var nonRST: UInt32 = 0
}

/// The state of one flow while it is active.
struct FlowState {
    var key: FlowKey
    var first: Int64
    var last: Int64
    var firstSource: PacketSource
    /// The client's slot in the device evidence (`noDeviceSlot` until its first packet).
    var deviceSlot = FlowState.noDeviceSlot
    static let noDeviceSlot: Int32 = -2
    /// Host table slots of endpoints A and B (-1 when not a unicast host).
    var aHost: Int32 = -1
    var bHost: Int32 = -1
    var dir: (DirectionCounts, DirectionCounts) = (DirectionCounts(), DirectionCounts())
    /// True when A is the client; meaningful when `roleSource != .none`.
    var aIsClient = true
    var roleSource = RoleSource.none
    var app = AppProtocol.unknown
    var appConfidence = BannerConfidence.weak
    var software: String?
    /// A client command named this protocol (settles a weak "220" greeting).
    var clientSaid: AppProtocol = .unknown
    /// The detector that named the flow when `app` is `.detected`: its index in
    /// `DetectorRegistry.all` plus one (0 = none). One byte in the padding after
    /// `clientSaid` (beside `app` it would grow the state by 8 bytes).
    var detector: UInt8 = 0
    /// The flow's sample of first bytes for nmap's fingerprints (`FingerprintRecorder`):
    /// its index there, `sampleUndecided` before the first payload, `notSampled` when it
    /// takes none (fingerprints off, or its service is sampled already). Two bytes in the
    /// padding before `streams`, so the state does not grow.
    var fingerprintSample: Int16 = FlowState.notSampled
    static let sampleUndecided: Int16 = -1
    static let notSampled: Int16 = -2
    /// Index of reassembly buffers in the census's stream table; -1 before any,
    /// `streamsFinished` once the decoders have read all they need.
    var streams: Int32 = -1
    static let streamsFinished: Int32 = -2
    /// DNS over UDP on another port: the ID of the query waiting for its answer.
    var pendingDNSID: Int32 = -1
    var active = true
    /// Wire bytes of both directions (services[].bytes).
    var bytes: UInt64 = 0

    /// The flow's content showed it carries `app`.
    mutating func identify(_ app: AppProtocol) {
        self.app = app
        appConfidence = .strong
    }

    mutating func setRole(aIsClient: Bool, _ source: RoleSource) {
        guard source.rawValue > roleSource.rawValue else { return }
        self.aIsClient = aIsClient
        roleSource = source
    }

    subscript(fromA fromA: Bool) -> DirectionCounts {
        get { fromA ? dir.0 : dir.1 }
        set { if fromA { dir.0 = newValue } else { dir.1 = newValue } }
    }

    var closed: Bool { (dir.0.fin && dir.1.fin) || dir.0.rst || dir.1.rst }
}

/// Active flows in a flat array with a free list, found through one index (FlowIndex).
/// Idle flows are expired by a sweep every `sweepInterval` of capture time, which
/// bounds memory; past `capacity` active flows, new flows are refused and counted.
struct FlowTable {
    let capacity: Int
    let slots = SlotArray<FlowState>()
    private var index = FlowIndex()
    private var free: [Int32] = []
    private(set) var refused = 0
    var activeCount: Int { index.count }

    init(capacity: Int) { self.capacity = capacity }

    /// The last flow found: packets of one flow often come in runs, and comparing a
    /// key is cheaper than hashing it.
    private var lastKey: FlowKey?
    private var lastSlot = 0

    @inline(__always)
    mutating func find(_ key: FlowKey) -> Int? {
        if let last = lastKey, last == key { return lastSlot }
        guard let slot = index.find(key, in: slots) else { return nil }
        lastKey = key
        lastSlot = slot
        return slot
    }

    mutating func insert(_ state: FlowState) -> Int? {
        guard index.count < capacity else { refused += 1; return nil }
        let slot: Int
        if let f = free.popLast() {
            slot = Int(f)
            slots[slot] = state
        } else {
            slot = slots.count
            slots.append(state)
        }
        index.insert(slot, in: slots)
        return slot
    }

    mutating func remove(_ slot: Int) {
        if slot == lastSlot { lastKey = nil }
        index.remove(slot, in: slots)
        slots[slot].active = false
        slots[slot].software = nil
        free.append(Int32(slot))
    }

    /// Runs `body` on one flow's state in place (one access for several fields).
    mutating func withSlot<R>(_ slot: Int, _ body: (inout FlowState) -> R) -> R {
        body(&slots[slot])
    }

    // Borrowing accessors: reading one field of a flow must not copy the whole state.
    subscript(slot: Int) -> FlowState {
        _read { yield slots[slot] }
        _modify { yield &slots[slot] }
    }
}
