import KPWire

/// The first bytes of one direction of a flow, in order, as nmap's fingerprints read them:
/// at most `FingerprintSample.maxPayloads` payloads, each cut to `maxBytes`, as the detectors'
/// bound (docs/protocols.md). TCP takes segments in sequence order and stops at a gap, at a
/// cut payload, or at its limits; UDP takes the first datagram.
struct SampleDirection {
    var data: [UInt8] = []
    var nextSeq: UInt32 = 0
    var payloads = 0
    var done = false

    /// Appends a TCP segment starting at `seq` (retransmitted bytes are skipped).
    mutating func appendSegment(_ payload: UnsafeRawBufferPointer, seq: UInt32) {
        guard !done, payload.count > 0 else { return }
        if payloads == 0 { nextSeq = seq }
        let delta = Int32(bitPattern: seq &- nextSeq)
        guard delta <= 0 else { done = true; return }
        let skip = Int(-delta)
        guard skip < payload.count else { return }
        let fresh = payload.count - skip
        let take = Swift.min(fresh, FingerprintSample.maxBytes)
        data.append(contentsOf: UnsafeRawBufferPointer(rebasing: payload[skip ..< skip + take]))
        nextSeq = nextSeq &+ UInt32(take)
        payloads += 1
        if take < fresh || payloads >= FingerprintSample.maxPayloads { done = true }
    }

    /// Keeps the first UDP datagram (cut to `maxBytes`).
    mutating func appendDatagram(_ payload: UnsafeRawBufferPointer) {
        guard !done, payload.count > 0 else { return }
        data.append(contentsOf: UnsafeRawBufferPointer(rebasing: payload[0 ..< Swift.min(payload.count, FingerprintSample.maxBytes)]))
        payloads = 1
        done = true
    }
}

/// A flow's sample: both directions' first bytes and which side spoke first.
struct FingerprintSample {
    static var maxPayloads: Int { DetectorRegistry.maxPayloads }
    static var maxBytes: Int { DetectorRegistry.maxBytes }

    let flow: FlowKey
    /// The service the flow was taken for when its first payload came (roles may settle later).
    let guess: ServiceKey
    var a = SampleDirection()
    var b = SampleDirection()
    /// Which endpoint sent the first payload.
    var firstFromA: Bool
    /// Bytes the first speaker had sent when the other side's first payload came; nil until then.
    var firstSpeakerBytes: Int?

    init(flow: FlowKey, guess: ServiceKey, firstFromA: Bool) {
        self.flow = flow
        self.guess = guess
        self.firstFromA = firstFromA
    }

    mutating func append(_ payload: UnsafeRawBufferPointer, fromA: Bool, tcp: Bool, seq: UInt32) {
        if fromA != firstFromA && firstSpeakerBytes == nil {
            firstSpeakerBytes = firstFromA ? a.data.count : b.data.count
        }
        if fromA {
            if tcp { a.appendSegment(payload, seq: seq) } else { a.appendDatagram(payload) }
        } else {
            if tcp { b.appendSegment(payload, seq: seq) } else { b.appendDatagram(payload) }
        }
    }

    /// The service of the flow once its roles are settled.
    func service(serverIsA: Bool) -> ServiceKey {
        ServiceKey(addr: serverIsA ? flow.a : flow.b, port: serverIsA ? flow.aPort : flow.bPort, proto: flow.proto)
    }

    /// Whether both directions have all they will take (the sample can be read now).
    var full: Bool { a.done && b.done }
}
