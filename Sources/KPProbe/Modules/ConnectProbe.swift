import KPScope

/// connect() scan: a completed handshake means open, a refusal closed. Used when
/// raw sockets are not allowed (no CAP_NET_RAW), and as its own probe.
public struct ConnectProbe: ProbeModule {
    public let info = ProbeInfo(.connect, .stream, .tcp, fields: ["state"],
                                help: "TCP connect(): open when the handshake completes (no privilege needed; the fallback of syn)")
    public init() {}
    public func build(_: InScope<ProbeTarget>, _: ProbeContext) -> [UInt8] { [] }
    public func validate(_: [UInt8], from t: ProbeTarget, _: ProbeContext) -> ProbeTarget? { t }
    public func classify(_: [UInt8], _: ProbeTarget) -> PortState? { .open }
}
