import KPWire

/// The fuzz target of the UDP detectors, kept apart from the decoders' so that each file
/// has one job; `FuzzTargets.all` merges it in.
public enum UDPDetectionFuzzTargets {
    /// Target name → entry point.
    public static let all: [String: (UnsafeRawBufferPointer) -> Void] = ["detectors-udp": detectorsUDP]

    static let udp = DetectorRegistry.all.filter { $0.transports.contains(.udp) }

    /// Byte 0 picks a UDP detector and byte 1 its sender and one of its ports (so the
    /// paths that a port unlocks run too); the rest is the datagram, read by that
    /// detector and by the whole registry, as every payload index the census offers.
    static func detectorsUDP(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 2 else { return }
        let detector = udp[Int(bytes[0]) % udp.count]
        let ports = detector.ports.sorted()
        let port = ports.isEmpty ? 40000 : ports[Int(bytes[1] >> 2) % ports.count]
        let sender = [PayloadSender.unknown, .client, .server][Int(bytes[1] & 3) % 3]
        let payload = UnsafeRawBufferPointer(rebasing: bytes[2...])
        for index in 0 ..< DetectorRegistry.maxPayloads {
            let input = DetectionInput(payload: payload, sender: sender, senderPort: sender == .server ? port : 40000,
                                       receiverPort: sender == .server ? 40000 : port, transport: .udp, index: index)
            _ = detector.inspect(input)
            _ = DetectorRegistry.detect(input)
        }
    }
}
