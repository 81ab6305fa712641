// NetBIOS datagram service (RFC 1002 §4.4): MSG_TYPE (0x10 direct unique, 0x11 direct
// group, 0x12 broadcast), FLAGS, DGM_ID, SOURCE_IP, SOURCE_PORT, DGM_LENGTH (the bytes
// after this 14-byte header), PACKET_OFFSET, then the source and destination names
// first-level encoded and the user data (SMB browser announcements). The source name
// of a workstation (suffix 0x00) or server (0x20) names the sender.

public struct NetBIOSDatagramDetector: ProtocolDetector {
    public let about = DetectorAbout("netbios-dgm", [.udp], ports: [138])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        let c = input.cursor
        guard let type = c.u8(at: 0), (0x10 ... 0x12).contains(type), let flags = c.u8(at: 1), flags & 0xf0 == 0,
              let length = c.u16(at: 10), Int(length) == c.count - 14, c.u16(at: 12) == 0,
              let source = NetBIOSName.read(p, at: 14), let destination = NetBIOSName.read(p, at: source.end) else { return nil }
        let host = (source.suffix == 0x00 || source.suffix == 0x20) && !source.name.isEmpty
        let kind = type == 0x10 ? "direct_unique" : type == 0x11 ? "direct_group" : "broadcast"
        var fields = [DetectionField("datagram", kind)]
        if type != 0x10, !destination.name.isEmpty { fields.append(DetectionField("group", destination.name)) }
        return verdict(.strong, names: host ? [source.name] : [], fields: fields)
    }
}
