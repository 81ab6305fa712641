import KPCapture
import KPFingerprint
import KPModel
import KPWire

/// Limits that bound memory whatever the input (each counted as a `limit` anomaly when reached).
public struct CensusLimits: Sendable {
    public var maxActiveFlows = 500_000
    public var maxHosts = 2_000_000
    public var maxClientsPerService = 1_000_000
    public var maxNames = 1_000_000
    public init() {}
}

/// Folds packets into the census of one run: hosts, flows, services, names, sites.
/// Single-threaded; feed it every packet of every input in order, then `finish()`.
public final class Census: PacketSink {
    public let limits: CensusLimits
    static let sweepInterval: Int64 = 10_000_000_000

    // Input
    var inputFiles: [Inventory.InputFile] = []
    var filter: String?
    var packets = 0
    var bytes = 0
    var first: Int64?
    var last: Int64 = 0
    var truncatedPackets = 0
    var undecodablePackets = 0
    var nonIPPackets = 0
    var fragmentPackets = 0
    var fragmentDatagrams: Set<FragmentKey> = []
    var activity = ActivityTable()

    // Tables
    var hosts: HostTable
    var flows: FlowTable
    let streams = StreamTable()
    var flowCounts = Inventory.Flows()
    var nextSweep: Int64 = .min
    /// Shared with the recorders: the packet being ingested, anomaly counts, estimator evidence.
    let context: RecordingContext
    /// Each protocol's tables and inventory section (ProtocolRegistry.swift).
    let recorders = Recorders()

    /// Whether flows keep their first bytes for nmap's fingerprints (`serviceProbes` given).
    let fingerprinting: Bool

    /// `serviceProbes`: nmap's probes, compiled for the run; with them each service's first
    /// bytes are matched once (FingerprintRecorder), without them nothing of it runs.
    public init(limits: CensusLimits = CensusLimits(), filter: String? = nil, serviceProbes: CompiledServiceProbes? = nil) {
        self.limits = limits
        self.filter = filter
        context = RecordingContext(limits: limits)
        hosts = HostTable(capacity: limits.maxHosts)
        flows = FlowTable(capacity: limits.maxActiveFlows)
        if let serviceProbes { recorders.fingerprints.enable(serviceProbes) }
        fingerprinting = serviceProbes != nil
    }

    /// Notes an input and how reading it ended.
    public func addInput(path: String, format: String, linkType: Int32, packets: Int, end: ReadEnd) {
        var status = "complete", warning: String?
        switch end {
        case .complete: break
        case .cut(let offset, let detail):
            status = "cut"
            warning = "file ends inside a record at byte offset \(offset) (\(detail)); the \(packets) complete packets before it were kept"
        case .corrupt(let offset, let detail):
            status = "corrupt"
            warning = "unreadable record at byte offset \(offset) (\(detail)); reading stopped there, the \(packets) packets before it were kept"
        }
        if !LinkType.supported.contains(linkType) {
            warning = (warning.map { $0 + "; " } ?? "") + "link type \(LinkType.name(linkType)) is not supported: its packets are counted as undecodable"
        }
        inputFiles.append(Inventory.InputFile(path: path, format: format, linktype: LinkType.name(linkType),
                                              packets: packets, status: status, warning: warning))
    }

    func count(_ code: AnomalyCode) { context.count(code) }
    var current: PacketSource { context.current }

    /// Folds one packet into the census.
    public func ingest(_ r: PacketRecord) {
        countPacket(r)
        var f = Frame()
        FrameDecoder.decode(linkType: r.linkType, bytes: r.bytes, wireLength: r.wireLength, into: &f)
        fold(r, &f)
    }

    /// Folds one packet whose frame `f` (of `r`'s bytes) is decoded already: a session
    /// that feeds more sinks than the census decodes each packet once for all of them.
    public func ingest(_ r: PacketRecord, decoded f: inout Frame) {
        countPacket(r)
        fold(r, &f)
    }

    /// The input counters, the activity table and the idle-flow sweep.
    @inline(__always)
    func countPacket(_ r: PacketRecord) {
        packets += 1
        bytes += r.wireLength
        let ts = r.timestamp
        if first == nil || ts < first! { first = ts }
        if ts > last { last = ts }
        activity.add(ts, bytes: r.wireLength)
        if r.bytes.count < r.wireLength { truncatedPackets += 1 }
        context.current = PacketSource(file: r.fileIndex, packet: r.packetIndex, timestamp: ts)
        if ts >= nextSweep {
            if nextSweep != .min { sweep(now: ts) }
            nextSweep = ts + Census.sweepInterval
        }
    }

    /// The decoded frame into the tables: anomalies, hosts, fragments, flows.
    @inline(__always)
    func fold(_ r: PacketRecord, _ f: inout Frame) {
        if let a = f.anomaly { count(a) }
        switch f.network {
        case .none:
            undecodablePackets += 1
            return
        case .other:
            nonIPPackets += 1
            return
        case .arp:
            if f.anomaly == nil {
                hosts.count(f.src, bytes: r.wireLength, sent: true, mac: f.arpSenderMAC, at: current)
            }
            return
        case .ipv4, .ipv6:
            break
        }
        if f.fragment != .none {
            fragmentPackets += 1
            if fragmentDatagrams.count < limits.maxNames {
                fragmentDatagrams.insert(FragmentKey(src: f.src, dst: f.dst, id: f.ipID, proto: f.proto))
            }
        }
        let inFlow = f.fragment != .later && (f.transportDecoded || (f.proto != 6 && f.proto != 17 && f.proto != 1 && f.proto != 58))
        if !inFlow || !updateFlow(&f, bytes: r.bytes, wireLength: r.wireLength) {
            hosts.count(f.src, bytes: r.wireLength, sent: true, mac: f.hasMAC ? f.macSrc : nil, at: current)
            hosts.count(f.dst, bytes: r.wireLength, sent: false, mac: nil, at: current)
        }
    }

    /// Finds or makes the flow of a packet, counts its hosts and folds the packet
    /// into the flow; false when the flow table is full (the caller counts the hosts).
    /// The frame is passed inout only so that it is not copied (it is not changed).
    func updateFlow(_ f: inout Frame, bytes: UnsafeRawBufferPointer, wireLength: Int) -> Bool {
        var sp = f.srcPort, dp = f.dstPort
        if f.proto == 1 || f.proto == 58 {
            let echo = (f.proto == 1 && (f.icmpType == 8 || f.icmpType == 0)) || (f.proto == 58 && (f.icmpType == 128 || f.icmpType == 129))
            let id = echo ? ByteCursor(bytes).u16(at: f.payloadOffset - 4) ?? 0 : 0
            sp = id
            dp = id
        }
        // Endpoint A is the lower (address, port); any fixed total order will do.
        let srcIsA = f.src.hi != f.dst.hi ? f.src.hi < f.dst.hi : (f.src.lo != f.dst.lo ? f.src.lo < f.dst.lo : sp <= dp)
        let key = srcIsA
            ? FlowKey(a: f.src, b: f.dst, aPort: sp, bPort: dp, proto: f.proto, vlan: f.vlan)
            : FlowKey(a: f.dst, b: f.src, aPort: dp, bPort: sp, proto: f.proto, vlan: f.vlan)
        let slot: Int
        if let s = flows.find(key) {
            slot = s
        } else {
            var state = FlowState(key: key, first: current.timestamp, last: current.timestamp, firstSource: current)
            if fingerprinting { state.fingerprintSample = FlowState.sampleUndecided }
            state.aHost = hosts.slotIfUnicast(key.a)
            state.bHost = hosts.slotIfUnicast(key.b)
            guard let s = flows.insert(state) else {
                count(.flowTableFull)
                return false
            }
            slot = s
            switch f.proto {
            case 6: flowCounts.tcp += 1
            case 17: flowCounts.udp += 1
            case 1, 58: flowCounts.icmp += 1
            default: flowCounts.other += 1
            }
            if f.proto == 17 {
                // UDP: the first sender is the client, unless only its port is a well-known one.
                let senderServes = ServicePorts.isWellKnown(sp) && !ServicePorts.isWellKnown(dp)
                flows[slot].setRole(aIsClient: srcIsA != senderServes, senderServes ? .port : .firstPacket)
            } else if (f.proto == 1 && f.icmpType == 8) || (f.proto == 58 && f.icmpType == 128) {
                flows[slot].setRole(aIsClient: srcIsA, .content)
            }
        }
        let now = current.timestamp
        let (srcHost, dstHost, d) = flows.withSlot(slot) { fl in Census.tally(&fl, f, fromA: srcIsA, now: now) }
        hosts.count(slot: srcHost, bytes: wireLength, sent: true, mac: f.hasMAC ? f.macSrc : nil, at: current)
        hosts.count(slot: dstHost, bytes: wireLength, sent: false, mac: nil, at: current)
        if f.proto == 6 && f.network == .ipv4 && flows[slot].roleSource != .none && flows[slot].aIsClient == srcIsA {
            if flows[slot].deviceSlot == FlowState.noDeviceSlot { flows[slot].deviceSlot = context.deviceEvidence.slot(f.src) }
            context.deviceEvidence.note(slot: flows[slot].deviceSlot, t: now, ttl: f.ttl, ipID: UInt16(truncatingIfNeeded: f.ipID),
                                        hasTS: f.tcpOptions.hasTimestamp, tsVal: f.tcpOptions.tsVal, port: f.srcPort)
        }
        guard f.payloadLength > 0 else { return true }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[f.payloadOffset ..< f.payloadOffset + f.payloadLength])
        switch f.proto {
        case 6: inspectTCP(slot: slot, fromA: srcIsA, frame: &f, payload: payload, index: d.payloadPackets)
        case 17: inspectUDP(slot: slot, fromA: srcIsA, frame: &f, payload: payload, index: d.payloadPackets)
        default: break
        }
        // The first payloads of a flow whose service nmap's fingerprints still want (a compare per payload otherwise).
        if d.payloadPackets <= UInt32(FingerprintSample.maxPayloads) && flows[slot].fingerprintSample != FlowState.notSampled {
            recorders.fingerprints.read(payload, fromA: srcIsA, seq: f.tcpSeq, flow: &flows[slot], context)
        }
        return true
    }

    /// Folds one packet's headers into its flow, in one access to the flow's slot;
    /// returns the host slots of sender and receiver and the sender's tallies.
    static func tally(_ fl: inout FlowState, _ f: Frame, fromA: Bool, now: Int64) -> (Int32, Int32, DirectionCounts) {
        fl.last = now
        fl.bytes &+= UInt64(truncatingIfNeeded: f.wireLength)
        var d = fromA ? fl.dir.0 : fl.dir.1
        d.packets &+= 1
        if f.payloadLength > 0 { d.payloadPackets &+= 1 }
        if f.proto == 6 {
            let flags = f.tcpFlags
            if flags & TCPFlag.syn != 0 {
                if flags & TCPFlag.ack == 0 {
                    d.syn = true
                    fl.setRole(aIsClient: fromA, .handshake)
                } else {
                    d.synAck = true
                    fl.setRole(aIsClient: !fromA, .handshake)
                }
            }
            if flags & TCPFlag.fin != 0 { d.fin = true }
            if flags & TCPFlag.rst != 0 { d.rst = true } else { d.nonRST &+= 1 }
        }
        if fromA { fl.dir.0 = d } else { fl.dir.1 = d }
        return fromA ? (fl.aHost, fl.bHost, d) : (fl.bHost, fl.aHost, d)
    }

    /// Ends flows idle past their timeout.
    func sweep(now: Int64) {
        let t = Inventory.Timeouts()
        for slot in flows.slots.indices where flows.slots[slot].active {
            // Field by field: a copy of the flow's state would retain and release its strings.
            let timeout: Int
            switch flows.slots[slot].key.proto {
            case 6: timeout = flows.slots[slot].closed ? t.tcpClosed : t.tcp
            case 17: timeout = t.udp
            default: timeout = t.icmp
            }
            if now - flows.slots[slot].last > Int64(timeout) * 1_000_000_000 { endFlow(slot) }
        }
    }

    /// Settles a flow's roles and service, records them, and frees its slot.
    func endFlow(_ slot: Int) {
        var fl = flows[slot]
        if fl.roleSource == .none {
            fl.setRole(aIsClient: !ServicePorts.serverIsA(aPort: fl.key.aPort, bPort: fl.key.bPort), .port)
        }
        if fl.key.proto == 6 && fl.roleSource != .handshake { flowCounts.tcpWithoutHandshake += 1 }
        let server = fl.aIsClient ? fl.key.b : fl.key.a
        let client = fl.aIsClient ? fl.key.a : fl.key.b
        let serverPort = fl.aIsClient ? fl.key.bPort : fl.key.aPort
        let s = fl[fromA: !fl.aIsClient]
        let answered: Bool
        switch fl.key.proto {
        case 6: answered = s.synAck || s.payloadPackets > 0 || (fl.roleSource != .handshake && s.nonRST > 0)
        case 17: answered = s.packets > 0
        default: answered = false
        }
        if answered && server.isUnicast {
            var app = fl.app
            if fl.appConfidence == .weak && fl.clientSaid != .unknown { app = fl.clientSaid }
            let key = ServiceKey(addr: server, port: serverPort, proto: fl.key.proto)
            if recorders.services.add(key, client: client, app: app, detector: fl.detector, software: fl.software, first: fl.firstSource,
                                      bytes: fl.bytes, maxClients: limits.maxClientsPerService) {
                count(.tableLimit)
            }
            hosts.markServer(server)
            if client.isUnicast { hosts.markClient(client) }
        }
        recorders.fingerprints.flowEnded(fl, serverIsA: !fl.aIsClient, answered: answered && server.isUnicast, context)
        streams.remove(fl.streams)
        flows.remove(slot)
    }

    /// Ends every active flow and returns the inventory.
    public func finish() -> Inventory {
        for slot in flows.slots.indices where flows.slots[slot].active { endFlow(slot) }
        if flows.refused > 0 && context.anomalies[.flowTableFull] == nil { count(.flowTableFull) }
        if hosts.refused > 0 { context.anomalies[.hostTableFull] = hosts.refused }
        return buildInventory()
    }
}

struct FragmentKey: Hashable {
    var src: IPAddress
    var dst: IPAddress
    var id: UInt32
    var proto: UInt8
}
