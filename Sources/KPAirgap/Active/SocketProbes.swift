import Foundation
import Glibc
import KPScope
import KPWire

/// TCP connects and UDP requests made with plain sockets (call inside `Netns.run`),
/// only to addresses the scope guard admitted.
enum SocketProbes {
    /// Ports of `target` that accepted a TCP connection within `timeout` seconds;
    /// connects go out in batches of 256 non-blocking sockets.
    static func tcpOpen(_ target: InScope<IPAddress>, ports: [UInt16], timeout: Double) -> (open: [UInt16], refused: Int) {
        var open: [UInt16] = [], refused = 0
        var i = 0
        while i < ports.count {
            let batch = Array(ports[i ..< min(i + 256, ports.count)])
            i += batch.count
            var fds: [(Int32, UInt16)] = []
            for p in batch {
                guard let fd = connectNonBlocking(target, p) else { continue }
                fds.append((fd, p))
            }
            var pending = fds
            let deadline = Date().addingTimeInterval(timeout)
            while !pending.isEmpty, Date() < deadline {
                var pfds = pending.map { pollfd(fd: $0.0, events: Int16(POLLOUT), revents: 0) }
                let ms = Int32(max(1, deadline.timeIntervalSinceNow * 1000))
                guard poll(&pfds, nfds_t(pfds.count), ms) > 0 else { break }
                var still: [(Int32, UInt16)] = []
                for (k, pf) in pfds.enumerated() {
                    if pf.revents == 0 { still.append(pending[k]); continue }
                    var err: Int32 = 0
                    var len = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(pf.fd, SOL_SOCKET, SO_ERROR, &err, &len)
                    if err == 0 { open.append(pending[k].1) } else if err == ECONNREFUSED { refused += 1 }
                }
                pending = still
            }
            for (fd, _) in fds { close(fd) }
        }
        return (open.sorted(), refused)
    }

    static func connectNonBlocking(_ target: InScope<IPAddress>, _ port: UInt16) -> Int32? {
        let addr = target.address
        let fd = socket(addr.isV4 ? AF_INET : AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        let rc = withSockaddr(addr, port) { connect(fd, $0, $1) }
        if rc != 0 && errno != EINPROGRESS { close(fd); return nil }
        return fd
    }

    /// Sends `payload` over UDP and waits up to `timeout` seconds for any reply.
    static func udpAnswered(_ target: InScope<IPAddress>, port: UInt16, payload: [UInt8], timeout: Double) -> Bool {
        let addr = target.address
        let fd = socket(addr.isV4 ? AF_INET : AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard withSockaddr(addr, port, { connect(fd, $0, $1) }) == 0 else { return false }
        _ = payload.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        var pf = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pf, 1, Int32(timeout * 1000)) > 0 else { return false }
        var buf = [UInt8](repeating: 0, count: 1500)
        return recv(fd, &buf, buf.count, 0) > 0
    }

    static func withSockaddr<T>(_ addr: IPAddress, _ port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        if addr.isV4 {
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            sa.sin_port = port.bigEndian
            sa.sin_addr.s_addr = addr.v4.bigEndian
            return withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        var sa = sockaddr_in6()
        sa.sin6_family = sa_family_t(AF_INET6)
        sa.sin6_port = port.bigEndian
        withUnsafeMutableBytes(of: &sa.sin6_addr) { b in
            for i in 0 ..< 8 { b[i] = UInt8(truncatingIfNeeded: addr.hi >> (56 - 8 * UInt64(i))); b[8 + i] = UInt8(truncatingIfNeeded: addr.lo >> (56 - 8 * UInt64(i))) }
        }
        return withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
    }

    /// An NTP client request (RFC 5905: LI 0, version 4, mode 3), 48 bytes.
    static let ntpRequest: [UInt8] = [0x23] + [UInt8](repeating: 0, count: 47)

    /// A DNS query for `name` type A with recursion desired (RFC 1035).
    static func dnsQuery(_ name: String, id: UInt16 = 0x4b50) -> [UInt8] {
        DNSQueryBuilder.query(id: id, name: name, type: 1, recursionDesired: true)
    }
}
