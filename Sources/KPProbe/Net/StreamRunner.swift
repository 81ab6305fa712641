import Glibc
import KPScope

/// Runs stream probes: many non-blocking TCP connections at once in one poll()
/// loop, new ones paced by the rate limiter. The scope guard admits each target
/// right before its connect(), which takes only admitted targets; a refused
/// target is reported, never contacted.
public final class StreamRunner: ProbeRunner {
    public enum Outcome: Equatable, Sendable {
        /// Connected; the bytes read until the module was satisfied, the peer closed, or the read timeout.
        case reply([UInt8])
        /// The host answered with a reset (port closed).
        case refused
        /// No answer within the timeout after every retry.
        case timeout
        /// The scope guard refused the target (nothing was sent), or the network said why.
        case notSent(String)
    }

    public var connectTimeout = 1.0
    public var readTimeout = 3.0
    public var concurrency = 256

    struct Conn {
        var fd: Int32
        var index: Int
        var connected: Bool
        var deadline: Double
        var buffer: [UInt8]
    }

    /// Each target's outcome, in the order of `targets`.
    public func run(_ module: some ProbeModule, _ targets: [ProbeTarget], _ ctx: ProbeContext) -> [Outcome] {
        var out = [Outcome?](repeating: nil, count: targets.count)
        var tries = [Int](repeating: 0, count: targets.count)
        var queue = Array(0 ..< targets.count)
        var next = 0
        var admitted = [InScope<ProbeTarget>?](repeating: nil, count: targets.count)
        var conns: [Conn] = []
        while next < queue.count || !conns.isEmpty {
            // Open new connections while the limiter and the concurrency allow.
            while next < queue.count && conns.count < concurrency && limiter.tryTake() {
                let i = queue[next]
                next += 1
                tries[i] += 1
                let t: InScope<ProbeTarget>
                switch scope.admit(targets[i]) {
                case .success(let s): t = s
                case .failure(let why): out[i] = .notSent(why.description); continue
                }
                admitted[i] = t
                switch open(t) {
                case .success(let fd):
                    sent += 1
                    conns.append(Conn(fd: fd, index: i, connected: false, deadline: RateLimiter.monotonic() + connectTimeout, buffer: []))
                case .failure(let why):
                    out[i] = .notSent(why.description)
                }
            }
            if conns.isEmpty {
                if next < queue.count { usleep(UInt32(max(100, limiter.delay() * 1e6))) }
                continue
            }
            var fds = conns.map { pollfd(fd: $0.fd, events: Int16($0.connected ? POLLIN : POLLOUT), revents: 0) }
            let wait = next < queue.count ? 1 : 50
            _ = poll(&fds, nfds_t(fds.count), Int32(wait))
            let now = RateLimiter.monotonic()
            var keep: [Conn] = []
            for (k, var c) in conns.enumerated() {
                let ev = fds[k].revents
                var done: Outcome?
                if !c.connected {
                    if ev != 0 {
                        var err: Int32 = 0
                        var len = socklen_t(MemoryLayout<Int32>.size)
                        getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &err, &len)
                        if err == 0 {
                            c.connected = true
                            c.deadline = now + readTimeout
                            let req = module.build(admitted[c.index]!, ctx)
                            if !req.isEmpty { _ = req.withUnsafeBytes { send(c.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
                            if module.complete([]) && req.isEmpty { done = .reply([]) }
                        } else if err == ECONNREFUSED {
                            done = .refused
                        } else if err == ETIMEDOUT || err == EHOSTUNREACH || err == ENETUNREACH {
                            done = err == ETIMEDOUT ? .timeout : .notSent(String(cString: strerror(err)))
                        } else {
                            done = .notSent(String(cString: strerror(err)))
                        }
                    } else if now > c.deadline {
                        done = .timeout
                    }
                } else {
                    if ev & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                        var chunk = [UInt8](repeating: 0, count: 65536)
                        let n = chunk.withUnsafeMutableBytes { recv(c.fd, $0.baseAddress, $0.count, 0) }
                        if n > 0 {
                            c.buffer += chunk[0 ..< n]
                            if module.complete(c.buffer) { done = .reply(c.buffer) }
                        } else if n == 0 || (errno != EAGAIN && errno != EINTR) {
                            done = .reply(c.buffer)
                        }
                    }
                    if done == nil && now > c.deadline { done = .reply(c.buffer) }
                }
                if let d = done {
                    StreamRunner.closeNow(c.fd)
                    if d == .timeout && tries[c.index] <= retries {
                        queue.append(c.index)
                    } else {
                        out[c.index] = d
                    }
                } else {
                    keep.append(c)
                }
            }
            conns = keep
        }
        return out.map { $0 ?? .timeout }
    }

    /// A non-blocking socket with connect() started.
    func open(_ t: InScope<ProbeTarget>) -> Result<Int32, StreamError> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(StreamError("socket: \(String(cString: strerror(errno)))")) }
        let r = SocketAddress.with(t) { connect(fd, $0, $1) }
        if r != 0 && errno != EINPROGRESS {
            let e = String(cString: strerror(errno))
            close(fd)
            return .failure(StreamError("connect \(t.address):\(t.target.port): \(e)"))
        }
        return .success(fd)
    }

    /// Closes with a reset (SO_LINGER 0): no TIME_WAIT left behind by a scan.
    static func closeNow(_ fd: Int32) {
        var l = linger(l_onoff: 1, l_linger: 0)
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, socklen_t(MemoryLayout<linger>.size))
        close(fd)
    }
}

public struct StreamError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ d: String) { description = d }
}
