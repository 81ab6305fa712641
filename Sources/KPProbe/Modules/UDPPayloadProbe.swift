import KPFingerprint
import KPScope
import KPWire

/// UDP service discovery with nmap's payloads (`nmap-payloads`): the `variant`-th payload
/// the file has for the target's port (an empty datagram when it has none, as nmap sends).
/// Any reply from the target's address and port marks the port open; the reply's bytes
/// name the service with the census's own detectors (DNS, and the UDP ones of KPWire's
/// DetectorRegistry). No reply says nothing: the port is closed, filtered or silent.
public struct UDPPayloadProbe: ProbeModule {
    public let info = ProbeInfo(.udp, .datagram, .udp, fields: ["service", "software", "reply"],
                                help: "UDP payloads from nmap's nmap-payloads to --udp-ports: a reply marks the port open, its bytes name the service")
    public let payloads: UDPPayloadDatabase?
    /// Which of the port's payloads this module sends (several entries for one port are sent one after another).
    public let variant: Int

    public init(payloads: UDPPayloadDatabase? = nil, variant: Int = 0) {
        self.payloads = payloads
        self.variant = variant
    }

    /// How many payloads a port gets (1: the empty datagram, when the file has none for it).
    public func variants(for port: UInt16) -> Int { max(1, payloads?.payloads(for: port).count ?? 0) }

    public func build(_ t: InScope<ProbeTarget>, _: ProbeContext) -> [UInt8] { payload(for: t.target.port) }

    /// The bytes this module sends to `port`.
    public func payload(for port: UInt16) -> [UInt8] {
        let all = payloads?.payloads(for: port) ?? []
        return variant < all.count ? all[variant] : []
    }

    public func classify(_ reply: [UInt8], _ t: ProbeTarget) -> UDPReply? {
        if let m = DNSWire.parse(reply), m.isResponse { return UDPReply(service: "dns", software: nil, reply: reply) }
        let found = reply.withUnsafeBytes {
            DetectorRegistry.detect(DetectionInput(payload: $0, sender: .server, senderPort: t.port, transport: .udp))
        }
        return UDPReply(service: found?.detection.service, software: found?.detection.software, reply: reply)
    }
}

/// What a UDP reply named: the service (nil when no detector knows the bytes), its software, and the reply.
public struct UDPReply: Sendable, Equatable {
    public var service: String?
    public var software: String?
    /// The reply's bytes (read again by nmap's match lines with `--probes udp,version`).
    public var reply: [UInt8]
}
