import Glibc
import KPScope

/// The IPv4 socket address of a target the scope guard admitted, lent to a
/// socket call: the only way the scanner's probes reach connect() and sendto().
enum SocketAddress {
    /// Calls `body` with the sockaddr of the target's address and port, and its length.
    static func with<T>(_ t: InScope<ProbeTarget>, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = t.target.port.bigEndian
        sa.sin_addr.s_addr = t.address.v4.bigEndian
        return withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    }

    /// Sends `bytes` to an admitted target from `fd`; the bytes sent or -1.
    static func send(_ fd: Int32, _ bytes: [UInt8], to t: InScope<ProbeTarget>) -> Int {
        with(t) { sendto(fd, bytes, bytes.count, 0, $0, $1) }
    }
}
