import Glibc
import KPScope

/// The address this namespace sends from towards `dst`, asked of the kernel's
/// routing table with a connected UDP socket (connect() on UDP sends nothing).
enum SourceAddress {
    static func toward(_ dst: InScope<ProbeTarget>) -> UInt32? {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard SocketAddress.with(dst, { connect(fd, $0, $1) }) == 0 else { return nil }
        var me = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard withUnsafeMutablePointer(to: &me, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }) == 0 else { return nil }
        return UInt32(bigEndian: me.sin_addr.s_addr)
    }
}
