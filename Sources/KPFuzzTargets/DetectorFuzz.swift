import KPWire

extension FuzzTargets {
    /// Every registered detector on one payload: byte 0 picks the sender (bits 0–1),
    /// the transport (bit 2) and the payload index (bits 3–4), bytes 1–2 a port, the
    /// rest is the payload. Each detector reads the whole payload, then the registry
    /// reads it as the census does (cut to its bound).
    static func detectors(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 3 else { return }
        let b = bytes[0]
        let input = DetectionInput(payload: UnsafeRawBufferPointer(rebasing: bytes[3...]),
                                   sender: PayloadSender(rawValue: b & 3) ?? .unknown,
                                   senderPort: UInt16(bytes[1]) << 8 | UInt16(bytes[2]), receiverPort: 40000,
                                   transport: b & 4 == 0 ? .tcp : .udp, index: Int(b >> 3 & 3))
        for d in DetectorRegistry.all { _ = d.inspect(input) }
        _ = DetectorRegistry.detect(input)
    }
}
