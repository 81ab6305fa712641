// SSDP (UPnP Device Architecture 2.0 §1.3): HTTP over UDP to port 1900: a search
// "M-SEARCH * HTTP/1.1" or an announcement "NOTIFY * HTTP/1.1", answered by
// "HTTP/1.1 200 OK" with ST and USN headers. SERVER (responses and announcements) or
// USER-AGENT (searches) is the software; the device or service type (NT, ST) a field.

public struct SSDPDetector: ProtocolDetector {
    public let about = DetectorAbout("ssdp", [.udp], ports: [1900])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        let lines: [UnsafeRawBufferPointer]
        var fields: [DetectionField] = []
        if let (line, head) = RequestLine.request(p, version: "HTTP/1.1"), line.uri == "*", line.method == "M-SEARCH" || line.method == "NOTIFY" {
            lines = head
            fields.append(DetectionField("method", line.method))
            if let nt = DetectorBytes.header("NT", in: lines) { fields.append(DetectionField("type", nt)) }
        } else if RequestLine.isStatus(p, version: "HTTP/1.1") {
            lines = DetectorBytes.lines(p)
            guard DetectorBytes.header("USN", in: lines) != nil else { return nil }
        } else {
            return nil
        }
        if let st = DetectorBytes.header("ST", in: lines) { fields.append(DetectionField("type", st)) }
        let software = DetectorBytes.header("SERVER", in: lines) ?? DetectorBytes.header("USER-AGENT", in: lines)
        return verdict(.strong, software: software, fields: fields)
    }
}
