/// The detectors: one line each. The census offers a flow that its own decoders
/// left unnamed to them, payload by payload, within the bound below.
public enum DetectorRegistry {
    public static let all: [any ProtocolDetector] = [
        HTTP2Detector(),
        NNTPDetector(),
        XMPPDetector(),
        IRCDetector(),
        TelnetDetector(),
        RFBDetector(),
        MySQLDetector(),
        PostgreSQLDetector(),
        RedisDetector(),
        MongoDBDetector(),
        MemcachedDetector(),
        MQTTDetector(),
        AMQPDetector(),
        RTSPDetector(),
        SIPDetector(),
        RDPDetector(),
        SMBDetector(),
        NetBIOSSessionDetector(),
        LDAPDetector(),
        KerberosDetector(),
        DCERPCDetector(),
        SOCKSDetector(),
        OpenVPNDetector(),
        PPTPDetector(),
        BitTorrentDetector(),
        RsyncDetector(),
        NTPDetector(),
        SNMPDetector(),
        SyslogDetector(),
        RADIUSDetector(),
        TFTPDetector(),
        DHCPv6Detector(),
        MDNSDetector(),
        LLMNRDetector(),
        NetBIOSNameDetector(),
        NetBIOSDatagramDetector(),
        STUNDetector(),
        RTPDetector(),
        RTCPDetector(),
        IKEDetector(),
        OpenVPNUDPDetector(),
        WireGuardDetector(),
        L2TPDetector(),
        TeredoDetector(),
        QUICDetector(),
        SSDPDetector(),
        MemcachedUDPDetector(),
    ]

    /// Indexes in `all` of the detectors of each transport.
    static let tcp = all.indices.filter { all[$0].transports.contains(.tcp) }
    static let udp = all.indices.filter { all[$0].transports.contains(.udp) }

    /// Payloads offered per direction of a flow (the first ones).
    @inlinable public static var maxPayloads: Int { 4 }
    /// Bytes of each payload offered (the first ones): at most 4 × 2 KB a direction.
    @inlinable public static var maxBytes: Int { 2048 }

    /// The best verdict on one payload and the index of its detector in `all`: the
    /// strongest, ties broken by the port hint, then by the order of `all`.
    public static func detect(_ input: DetectionInput) -> (index: Int, detection: Detection)? {
        var input = input
        if input.payload.count > maxBytes { input.payload = UnsafeRawBufferPointer(rebasing: input.payload[0 ..< maxBytes]) }
        var best: (index: Int, detection: Detection, hinted: Bool)?
        for i in input.transport == .tcp ? tcp : udp {
            let d = all[i]
            guard let v = d.inspect(input) else { continue }
            let hinted = d.ports.contains(input.senderPort) || d.ports.contains(input.receiverPort)
            if let b = best, (b.detection.confidence, b.hinted ? 1 : 0) >= (v.confidence, hinted ? 1 : 0) { continue }
            best = (i, v, hinted)
        }
        return best.map { ($0.index, $0.detection) }
    }
}
