// LLMNR (RFC 4795 §2.1): DNS's message format to or from port 5355, opcode 0, exactly
// one question. A responder answers only for names it owns, so its A and AAAA answers
// name it.

public struct LLMNRDetector: ProtocolDetector {
    public let about = DetectorAbout("llmnr", [.udp], ports: [5355])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        guard input.senderPort == 5355 || input.receiverPort == 5355, input.cursor.u16(at: 4) == 1,
              let names = DNSOverUDP.names(input.payload, maxQuestions: 1) else { return nil }
        return verdict(.strong, names: names)
    }
}
