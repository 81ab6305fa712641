import KPScope
import KPWire

/// A TLS 1.2 ClientHello (SNI: the target's name) built by KPWire's builder; the
/// server's Certificate, sent in the clear, is read with KPWire's TLS and X.509 decoders.
/// A TLS 1.3-only server encrypts its certificate: then only the SNI's acceptance is reported.
public struct TLSProbe: ProbeModule {
    public let info = ProbeInfo(.tls, .stream, .tcp, fields: ["version", "names", "sni", "alert", "content"],
                                help: "TLS handshake (ClientHello with SNI): certificate subject and alternative names")
    public init() {}

    public func build(_ t: InScope<ProbeTarget>, _: ProbeContext) -> [UInt8] { TLSHello.clientHello(serverName: t.target.name) }

    public func complete(_ reply: [UInt8]) -> Bool {
        let h = reply.withUnsafeBytes { TLSDecoder.parse($0) }
        return !h.certificates.isEmpty || h.serverHello?.selectedVersion == 0x0304 || h.sawOtherRecord || h.anomaly != nil
    }

    public func classify(_ reply: [UInt8], _ t: ProbeTarget) -> TLSReading? {
        guard reply.count >= 5, reply[0] == 22 || reply[0] == 21, reply[1] == 3 else { return nil }
        if reply[0] == 21 {
            return TLSReading(version: nil, names: [], sni: t.name == nil ? .none : .refused, alert: reply.count >= 7 ? "\(reply[6])" : "?")
        }
        let h = reply.withUnsafeBytes { TLSDecoder.parse($0) }
        guard let sh = h.serverHello else { return nil }
        var out = TLSReading(version: TLSDecoder.versionName(sh.selectedVersion), names: [], sni: t.name == nil ? .none : .accepted)
        if let leaf = h.certificates.first {
            out.names = Array(Set(leaf.allNames.map { $0.lowercased() })).sorted()
            out.content = HTTPReply.fnv(Array(out.names.joined(separator: ",").utf8))
        }
        return out
    }
}
