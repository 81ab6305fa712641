import KPWire

/// Detection by content (KPWire's `DetectorRegistry`): a flow that HTTP, TLS, DNS,
/// the banners and DHCP left unnamed is offered to the detectors for its first
/// `DetectorRegistry.maxPayloads` payloads of each direction (each cut to
/// `maxBytes`), until a detector names it strongly, and then for the first payload of
/// the other direction. The flow keeps only the index of its detector; the names a
/// detector read go to `hosts[].names`, its fields to the service's table here. What
/// it names goes to `services`, so it writes no section.
final class DetectionRecorder: ProtocolRecorder {
    /// Fields read per service (bounded: `maxFieldsPerService` each, `limits.maxNames` services).
    private(set) var fields: [ServiceKey: Set<DetectionField>] = [:]
    private var names: [IPAddress: Set<String>] = [:]
    static let maxFieldsPerService = 32

    /// Does this flow still want its payload number `index` (1-based, in its direction) read?
    /// A flow named strongly still offers the first payload of its other direction: the
    /// answer holds what the request cannot (a STUN server's mapped address, a server's software).
    @inline(__always)
    static func wants(_ fl: FlowState, index: UInt32) -> Bool {
        (fl.app == .unknown || (fl.app == .detected && (fl.appConfidence == .weak || index == 1))) && Int(index) <= DetectorRegistry.maxPayloads
    }

    /// Offers one payload of a flow to the detectors and names the flow by their verdict.
    @inline(never)
    func read(_ payload: UnsafeRawBufferPointer, fromA: Bool, index: UInt32, flow fl: inout FlowState,
              transport: DetectionTransport, senderPort: UInt16, receiverPort: UInt16, _ context: RecordingContext) {
        let sender: PayloadSender = fl.roleSource == .none ? .unknown : (fl.aIsClient == fromA ? .client : .server)
        let input = DetectionInput(payload: payload, sender: sender, senderPort: senderPort, receiverPort: receiverPort,
                                   transport: transport, index: Int(index) - 1)
        guard let (i, v) = DetectorRegistry.detect(input) else { return }
        let confidence: BannerConfidence = v.confidence == .strong ? .strong : .weak
        if fl.app == .unknown || confidence > fl.appConfidence {
            fl.app = .detected
            fl.detector = UInt8(i + 1)
            fl.appConfidence = confidence
        }
        guard fl.detector == UInt8(i + 1) else { return }
        if let software = v.software { fl.software = software }
        let (senderAddr, receiverAddr) = fromA ? (fl.key.a, fl.key.b) : (fl.key.b, fl.key.a)
        for name in v.names { note(name, for: senderAddr, context) }
        for name in v.peerNames { note(name, for: receiverAddr, context) }
        guard !v.fields.isEmpty, sender != .unknown else { return }
        let serverIsA = !fl.aIsClient
        let key = ServiceKey(addr: serverIsA ? fl.key.a : fl.key.b, port: serverIsA ? fl.key.aPort : fl.key.bPort, proto: fl.key.proto)
        guard fields[key] != nil || fields.count < context.limits.maxNames else { context.count(.tableLimit); return }
        for f in v.fields where fields[key, default: []].count < DetectionRecorder.maxFieldsPerService {
            fields[key, default: []].insert(f)
        }
    }

    private func note(_ name: String, for addr: IPAddress, _ context: RecordingContext) {
        guard addr.isUnicast, !name.isEmpty else { return }
        guard names[addr] != nil || names.count < context.limits.maxNames else { context.count(.tableLimit); return }
        names[addr, default: []].insert(name.asciiLowercased)
    }

    func addHostNames(to out: inout [IPAddress: Set<String>]) {
        for (addr, set) in names { out[addr, default: []].formUnion(set) }
    }

    /// The service name of detector index `detector` (as `FlowState.detector` keeps it: 1-based).
    static func service(_ detector: UInt8) -> String? {
        detector == 0 ? nil : DetectorRegistry.all[Int(detector) - 1].name
    }
}
