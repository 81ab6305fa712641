// Memcached over UDP (memcached's protocol.txt, "UDP protocol"): an 8-byte frame
// header (request id, sequence number, total datagrams, reserved 0) with the sequence
// number below the total, then the text protocol, read by `MemcachedDetector`.

public struct MemcachedUDPDetector: ProtocolDetector {
    public let about = DetectorAbout("memcached", [.udp], ports: [11211])

    public init() {}

    static let text = MemcachedDetector()

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard let sequence = c.u16(at: 2), let total = c.u16(at: 4), total >= 1, sequence < total, c.u16(at: 6) == 0,
              c.count > 8 else { return nil }
        var text = input
        text.payload = c.rest(from: 8)
        text.transport = .tcp
        return Self.text.inspect(text)
    }
}
