// NTP (RFC 5905 §7.3): LI(2 bits) VN(3) mode(3), stratum, poll, precision, root delay,
// root dispersion, reference ID, then the reference, origin, receive and transmit
// timestamps (8 bytes each): 48 bytes, plus a key id and MAC (68, 72) or extension
// fields (a multiple of 4). Few magic bytes: weak unless the header is consistent
// throughout (a client's request to port 123, a server's reply with its clocks set).

public struct NTPDetector: ProtocolDetector {
    public let about = DetectorAbout("ntp", [.udp], ports: [123])

    public init() {}

    static let modes = ["", "symmetric_active", "symmetric_passive", "client", "server", "broadcast"]

    public func inspect(_ input: DetectionInput) -> Detection? {
        let c = input.cursor
        guard c.count >= 48, c.count <= 1024, c.count % 4 == 0, let first = c.u8(at: 0), let stratum = c.u8(at: 1),
              let poll = c.u8(at: 2), let precision = c.u8(at: 3) else { return nil }
        let version = first >> 3 & 7, mode = Int(first & 7)
        guard (1 ... 4).contains(version), (1 ... 5).contains(mode), stratum <= 16, poll <= 17,
              let transmit = c.u32(at: 40), transmit != 0 else { return nil }
        let fields = [DetectionField("mode", Self.modes[mode]), DetectionField("version", String(version)),
                      DetectionField("stratum", String(stratum))]
        let toPort = input.receiverPort == 123
        switch mode {
        case 3 where input.mayBeClient:
            // A request: no reference or receive time yet, sent to the server's port.
            let quiet = c.u32(at: 16) == 0 && c.u32(at: 32) == 0 && c.u32(at: 36) == 0
            return verdict(quiet && toPort ? .strong : .weak, fields: fields)
        case 4 where input.mayBeServer:
            // A reply: synchronised (LI 0-2, stratum 1-15), a negative precision (2^-n s),
            // its reference time no later than its receive time, received before sent.
            guard let ref = c.u32(at: 16), let received = c.u32(at: 32) else { return nil }
            let synced = first >> 6 != 3 && (1 ... 15).contains(stratum) && precision >= 0xe0
            let clocks = ref != 0 && received != 0 && ref <= received && received <= transmit && transmit - received <= 1
            return verdict(synced && clocks && input.senderPort == 123 ? .strong : .weak, fields: fields)
        case 1, 2, 5:
            return input.senderPort == 123 ? verdict(.weak, fields: fields) : nil
        default:
            return nil
        }
    }
}
