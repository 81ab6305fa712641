// BitTorrent peer wire protocol (BEP 3): a handshake opens each direction: the byte
// 19, "BitTorrent protocol", 8 reserved bytes, the 20-byte info hash, the peer id.

public struct BitTorrentDetector: ProtocolDetector {
    public let about = DetectorAbout("bittorrent", [.tcp], ports: [6881, 6882, 6883, 6884, 6885, 6886, 6887, 6888, 6889, 51413])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        guard input.index == 0, p.first == 19, DetectorBytes.has(p, "BitTorrent protocol", at: 1) else { return nil }
        return verdict(.strong)
    }
}
