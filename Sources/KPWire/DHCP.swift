// DHCP (RFC 2131) over BOOTP (RFC 951): op(1) htype(1) hlen(1) hops(1) xid(4)
// secs(2) flags(2) ciaddr(4) yiaddr(4) siaddr(4) giaddr(4) chaddr(16) sname(64)
// file(128) magic cookie 99.130.83.99, then options (RFC 2132) as code(1) length(1)
// value, with pad (0) and end (255). Read: message type (53), host name (12),
// vendor class (60), requested address (50), server identifier (54), routers (3),
// DNS servers (6).

public struct DHCPMessage: Sendable, Equatable {
    public var op: UInt8 = 0
    public var transactionID: UInt32 = 0
    public var clientMAC: MACAddress?
    public var clientAddress = IPAddress.zero
    /// yiaddr: the address the server assigns.
    public var yourAddress = IPAddress.zero
    public var messageType: UInt8 = 0
    public var hostName: String?
    public var vendorClass: String?
    public var requestedAddress: IPAddress?
    public var serverIdentifier: IPAddress?
    public var routers: [IPAddress] = []
    public var dnsServers: [IPAddress] = []

    /// RFC 2132 §9.6 names.
    public var messageTypeName: String {
        switch messageType {
        case 1: return "DISCOVER"
        case 2: return "OFFER"
        case 3: return "REQUEST"
        case 4: return "DECLINE"
        case 5: return "ACK"
        case 6: return "NAK"
        case 7: return "RELEASE"
        case 8: return "INFORM"
        default: return "TYPE\(messageType)"
        }
    }
}

public enum DHCPDecoder {
    public static let magicCookie: UInt32 = 0x6382_5363

    /// Parses a DHCP message; the anomaly says why it stopped early (the message
    /// holds the fields read so far), nil message when it is not DHCP at all.
    public static func parse(_ bytes: UnsafeRawBufferPointer, cut: Bool = false) -> (DHCPMessage?, AnomalyCode?) {
        let c = ByteCursor(bytes)
        let short: AnomalyCode = cut ? .dhcpTruncated : .dhcpShort
        guard let op = c.u8(at: 0), let htype = c.u8(at: 1), let hlen = c.u8(at: 2), let xid = c.u32(at: 4),
              let ciaddr = IPAddress.v4(c, at: 12), let yiaddr = IPAddress.v4(c, at: 16) else { return (nil, short) }
        guard op == 1 || op == 2 else { return (nil, nil) }
        var m = DHCPMessage()
        m.op = op
        m.transactionID = xid
        m.clientAddress = ciaddr
        m.yourAddress = yiaddr
        if htype == 1 && hlen == 6 { m.clientMAC = MACAddress.read(c, at: 28) }
        guard let magic = c.u32(at: 236) else { return (m, short) }
        guard magic == magicCookie else { return (nil, nil) }
        var p = 240
        while let code = c.u8(at: p) {
            if code == 255 { return (m, nil) }
            if code == 0 { p += 1; continue }
            guard let len = c.u8(at: p + 1), let v = c.slice(at: p + 2, count: Int(len)) else { return (m, short) }
            let vc = ByteCursor(v)
            switch code {
            case 53: m.messageType = v.first ?? 0
            case 12: m.hostName = String(decoding: v, as: UTF8.self)
            case 60: m.vendorClass = String(decoding: v, as: UTF8.self)
            case 50: m.requestedAddress = IPAddress.v4(vc, at: 0)
            case 54: m.serverIdentifier = IPAddress.v4(vc, at: 0)
            case 3, 6:
                guard len % 4 == 0 else { return (m, .dhcpBadOption) }
                let addrs = stride(from: 0, to: Int(len), by: 4).compactMap { IPAddress.v4(vc, at: $0) }
                if code == 3 { m.routers = addrs } else { m.dnsServers = addrs }
            default: break
            }
            p += 2 + Int(len)
        }
        return (m, nil)      // options ended without an end option: accepted as most clients do
    }
}
