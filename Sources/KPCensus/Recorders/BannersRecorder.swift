import KPWire

/// The text protocols (SSH, SMTP, POP3, IMAP, FTP: KPWire's `Banners` registry, on
/// one line reader) named by the first line of each direction: a server's greeting
/// names the protocol and its software, a client's first command settles a greeting
/// that several protocols share. What they name goes to `services`, so this
/// recorder writes no section of its own.
final class BannersRecorder: ProtocolRecorder {
    /// Names the flow by the first line of one direction; false when it is no text protocol we read.
    static func identify(_ fl: inout FlowState, fromA: Bool, payload: UnsafeRawBufferPointer, senderPort: UInt16) -> Bool {
        // Greetings start with a status or a name ("SSH-", "220", "+OK", "* OK"), client
        // commands with a letter: anything else is not a text protocol we read.
        let first = payload[0]
        let textual = (first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a) || (first >= 0x30 && first <= 0x39) || first == 0x2b || first == 0x2a
        guard textual, let line = TextLines.firstLine(payload) else { return false }
        let senderIsServer = fl.roleSource == .none || fl.aIsClient != fromA
        if senderIsServer, let (service, match) = Banners.identifyServer(firstLine: line, port: senderPort) {
            fl.setRole(aIsClient: !fromA, .content)
            if match.confidence >= fl.appConfidence || fl.app == .unknown {
                fl.app = AppProtocol(service: service)
                fl.appConfidence = match.confidence
                fl.software = match.software
            }
            return true
        }
        if let service = Banners.identifyClient(firstLine: line) {
            fl.setRole(aIsClient: fromA, .content)
            fl.clientSaid = AppProtocol(service: service)
            if fl.app == .unknown { fl.app = fl.clientSaid }
            return true
        }
        return false
    }
}
