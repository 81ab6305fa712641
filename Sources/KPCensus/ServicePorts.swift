/// Port hints, used only when content and handshake cannot tell client from server.
enum ServicePorts {
    /// Ports of services a census commonly meets above 1023.
    static let registered: Set<UInt16> = [1433, 1521, 2121, 2222, 2525, 3128, 3306, 3389, 5432, 5900,
                                          6379, 8000, 8008, 8080, 8081, 8443, 8888, 9000, 9090, 9200]

    static func isWellKnown(_ p: UInt16) -> Bool { p < 1024 || registered.contains(p) }

    /// Whether endpoint A is the server: the only side on a well-known port, else the lower port.
    static func serverIsA(aPort: UInt16, bPort: UInt16) -> Bool {
        let a = isWellKnown(aPort), b = isWellKnown(bPort)
        if a != b { return a }
        return aPort <= bPort
    }
}
