import KPWire

/// Runs `detector` on `bytes` as payload `index` of one direction.
func detect(_ detector: some ProtocolDetector, _ bytes: [UInt8], from sender: PayloadSender = .unknown,
            ports: (UInt16, UInt16) = (40000, 0), transport: DetectionTransport = .tcp, index: Int = 0) -> Detection? {
    bytes.withUnsafeBytes {
        detector.inspect(DetectionInput(payload: $0, sender: sender, senderPort: ports.0, receiverPort: ports.1,
                                        transport: transport, index: index))
    }
}

/// Runs the whole registry on `bytes`: the winning detector's name.
func registryVerdict(_ bytes: [UInt8], from sender: PayloadSender = .unknown, ports: (UInt16, UInt16) = (40000, 0),
                     transport: DetectionTransport = .tcp) -> Detection? {
    bytes.withUnsafeBytes {
        DetectorRegistry.detect(DetectionInput(payload: $0, sender: sender, senderPort: ports.0, receiverPort: ports.1,
                                               transport: transport))?.detection
    }
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of `text`.
    init(ascii text: String) { self = Array(text.utf8) }
}
