// RTSP 1.0 (RFC 2326 §6, §7): requests "OPTIONS|DESCRIBE|SETUP|PLAY|… rtsp://host/… RTSP/1.0",
// responses "RTSP/1.0 200 OK". The URL's host is a field; the server's `Server`
// header and the client's `User-Agent` are its software.

public struct RTSPDetector: ProtocolDetector {
    public let about = DetectorAbout("rtsp", [.tcp], ports: [554, 8554])

    public init() {}

    public func inspect(_ input: DetectionInput) -> Detection? {
        let p = input.payload
        if input.mayBeServer && RequestLine.isStatus(p, version: "RTSP/1.0") {
            return verdict(.strong, software: DetectorBytes.header("Server", in: DetectorBytes.lines(p)))
        }
        guard input.mayBeClient, let (line, _) = RequestLine.request(p, version: "RTSP/1.0") else { return nil }
        let fields = RequestLine.host(of: line.uri).map { [DetectionField("host", $0)] } ?? []
        return verdict(.strong, fields: fields)
    }
}
