// NNTP (RFC 3977 §5.1): the server greets with "200" (posting allowed) or "201"
// (not) and a text; a reader's first commands (MODE READER, GROUP, ARTICLE, …) are
// NNTP's own. A greeting alone is weak ("200 " is a common reply code).

public struct NNTPDetector: ProtocolDetector {
    public let about = DetectorAbout("nntp", [.tcp], ports: [119, 433, 563])

    public init() {}

    static let commands: [StaticString] = ["GROUP ", "ARTICLE", "LISTGROUP", "NEWNEWS ", "NEWGROUPS ", "XOVER", "OVER ", "IHAVE ", "XHDR "]

    public func inspect(_ input: DetectionInput) -> Detection? {
        var lines = TextLines(input.payload, maxLine: 512)
        guard let line = lines.next() else { return nil }
        if input.mayBeServer, input.index == 0, line.count > 4,
           DetectorBytes.has(line, "200 ", at: 0) || DetectorBytes.has(line, "201 ", at: 0),
           let text = DetectorBytes.text(line, 4 ..< line.count) {
            let named = DetectorBytes.find("NNTP", in: line) != nil || DetectorBytes.find("news", in: line) != nil
            return verdict(named ? .strong : .weak, software: text)
        }
        guard input.mayBeClient else { return nil }
        if DetectorBytes.hasIgnoringCase(line, "MODE READER", at: 0) && line.count == 11 { return verdict(.strong) }
        if Self.commands.contains(where: { DetectorBytes.hasIgnoringCase(line, $0, at: 0) }) { return verdict(.weak) }
        return nil
    }
}
