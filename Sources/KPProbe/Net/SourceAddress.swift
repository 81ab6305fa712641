import Glibc

/// The address this namespace sends from towards `dst`, asked of the kernel's
/// routing table with a connected UDP socket (connect() on UDP sends nothing).
public enum SourceAddress {
    public static func toward(_ dst: UInt32) -> UInt32? {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard SocketAddress.withIPv4(dst, 9, { connect(fd, $0, $1) }) == 0 else { return nil }
        var me = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard withUnsafeMutablePointer(to: &me, { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }) == 0 else { return nil }
        return UInt32(bigEndian: me.sin_addr.s_addr)
    }
}
