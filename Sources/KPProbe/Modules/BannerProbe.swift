import KPScope
import KPWire

/// Waits for the server's greeting and reads it with KPWire's banner table
/// (SSH, SMTP, FTP, POP3, IMAP): the label comes from content, the port only breaks ties.
public struct BannerProbe: ProbeModule {
    public let info = ProbeInfo(.banner, .stream, .tcp, fields: ["service", "software", "banner"],
                                help: "reads the greeting of SMTP, POP3, IMAP, FTP and SSH servers: service and software")
    public init() {}
    public func build(_: InScope<ProbeTarget>, _: ProbeContext) -> [UInt8] { [] }
    public func complete(_ reply: [UInt8]) -> Bool { reply.contains(10) || reply.count >= 1024 }

    public func classify(_ reply: [UInt8], _ t: ProbeTarget) -> ServiceReading? {
        let end = reply.firstIndex(of: 10) ?? reply.count
        var line = String(decoding: reply[..<end], as: UTF8.self)
        if line.hasSuffix("\r") { line.removeLast() }
        guard let (service, match) = Banners.identifyServer(firstLine: line, port: t.port) else { return nil }
        return ServiceReading(service: service, software: match.software, banner: line)
    }
}
