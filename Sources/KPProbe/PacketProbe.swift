import KPWire

/// A probe module whose replies are captured packets (syn, icmp): it reads them
/// from the frame KPWire's `FrameDecoder` made of the captured bytes, whatever
/// the link type.
public protocol PacketProbe: ProbeModule {
    /// The target a captured reply answers, when it carries this scan's cookie.
    func validate(frame f: Frame, _ bytes: UnsafeRawBufferPointer, _ ctx: ProbeContext) -> ProbeTarget?
    /// The reply's reading, or nil when it says nothing.
    func classify(frame f: Frame) -> Output?
}

extension PacketProbe {
    /// A reply given as a bare IPv4 packet (as unit tests write them).
    public func validate(_ reply: [UInt8], from _: ProbeTarget, _ ctx: ProbeContext) -> ProbeTarget? {
        reply.withUnsafeBytes { validate(frame: decodeIP($0), $0, ctx) }
    }

    public func classify(_ reply: [UInt8], _: ProbeTarget) -> Output? {
        reply.withUnsafeBytes { classify(frame: decodeIP($0)) }
    }
}

private func decodeIP(_ b: UnsafeRawBufferPointer) -> Frame {
    FrameDecoder.decode(linkType: LinkType.raw, bytes: b, wireLength: b.count)
}

/// A host answered an ICMP echo.
public struct HostUp: Sendable, Equatable {
    public var ttl: UInt8
}

/// A port's state from a SYN's answer.
public enum PortState: String, Sendable {
    case open, closed
}

/// What a SYN's answer says: open (SYN-ACK) or closed (RST), and the reply's TTL.
public struct PortReply: Sendable, Equatable {
    public var state: PortState
    public var ttl: UInt8
}
