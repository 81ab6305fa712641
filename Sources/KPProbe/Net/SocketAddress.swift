import Glibc
import KPScope

/// The IPv4 socket address of a target, lent to a socket call.
enum SocketAddress {
    /// Calls `body` with the sockaddr of `addr`:`port` and its length.
    static func withIPv4<T>(_ addr: UInt32, _ port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var sa = sockaddr_in()
        sa.sin_family = sa_family_t(AF_INET)
        sa.sin_port = port.bigEndian
        sa.sin_addr.s_addr = addr.bigEndian
        return withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    }

    /// The same for a target the scope guard admitted: the only way probes reach a socket call.
    static func with<T>(_ t: InScope<ProbeTarget>, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withIPv4(t.target.addr, t.target.port, body)
    }

    /// Sends `bytes` to an admitted target from `fd`; the bytes sent or -1.
    static func send(_ fd: Int32, _ bytes: [UInt8], to t: InScope<ProbeTarget>) -> Int {
        with(t) { sendto(fd, bytes, bytes.count, 0, $0, $1) }
    }
}
