import KPWire

/// Runs `detector` on `bytes` as a UDP datagram from port `ports.0` to `ports.1`.
func detectUDP(_ detector: some ProtocolDetector, _ bytes: [UInt8], from sender: PayloadSender = .unknown,
               ports: (UInt16, UInt16) = (40000, 40002), index: Int = 0) -> Detection? {
    detect(detector, bytes, from: sender, ports: ports, transport: .udp, index: index)
}

/// A BER element (short or two-byte long length) for the UDP detectors' tests.
func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
    let n = content.count
    return [tag] + (n < 128 ? [UInt8(n)] : [0x81, UInt8(n)]) + content
}

/// A NetBIOS name first-level encoded (RFC 1001 §14.1): padded to 15 with spaces, the suffix, 0x20 … 0x00.
func netbiosName(_ name: String, suffix: UInt8) -> [UInt8] {
    let raw: [UInt8] = Array(name.utf8) + [UInt8](repeating: 0x20, count: 15 - name.utf8.count) + [suffix]
    var out: [UInt8] = [0x20]
    for b in raw { out += [0x41 + (b >> 4), 0x41 + (b & 0x0f)] }
    return out + [0]
}
