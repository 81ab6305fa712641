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

func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xff), UInt8(v & 0xff)] }
func be32(_ v: Int) -> [UInt8] { be16(v >> 16) + be16(v) }
func le16(_ v: Int) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff)] }
func le32(_ v: Int) -> [UInt8] { le16(v) + le16(v >> 16) }
/// A BER element with a short or a long-form length.
func ber(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
    let n = content.count
    let length: [UInt8] = n < 128 ? [UInt8(n)] : n < 256 ? [0x81, UInt8(n)] : [0x82, UInt8(n >> 8), UInt8(n & 0xff)]
    return [tag] + length + content
}
