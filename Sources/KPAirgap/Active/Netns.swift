import Foundation
import Glibc

/// Runs work with sockets in a network namespace: a thread that joins the
/// namespace (setns only moves the calling thread), so every socket it opens
/// lives there and no packet leaves from this machine's own network.
enum Netns {
    private typealias SetnsFn = @convention(c) (Int32, Int32) -> Int32
    /// glibc's setns, looked up at run time (Swift's Glibc module does not import it).
    private static let setnsFn: SetnsFn? = dlsym(nil, "setns").map { unsafeBitCast($0, to: SetnsFn.self) }
    private static let cloneNewnet: Int32 = 0x4000_0000

    /// Runs `body` on a thread inside namespace `ns` and returns its result.
    static func run<T: Sendable>(_ ns: String, _ body: @escaping @Sendable () -> T) throws -> T {
        guard let setns = setnsFn else { throw AirgapError("setns is not available in this C library", exitCode: 3) }
        let fd = open("/run/netns/\(ns)", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw AirgapError("cannot open /run/netns/\(ns): \(String(cString: strerror(errno)))", exitCode: 3) }
        defer { close(fd) }
        let out = Box<T>()
        let done = DispatchSemaphore(value: 0)
        let t = Thread {
            // The thread ends with the work: it never goes back to the root namespace.
            if setns(fd, cloneNewnet) != 0 {
                out.failure = "cannot enter network namespace \(ns): \(String(cString: strerror(errno))) (run as root)"
            } else {
                out.value = body()
            }
            done.signal()
        }
        t.start()
        done.wait()
        if let f = out.failure { throw AirgapError(f, exitCode: 3) }
        return out.value!
    }
}

/// A result handed from a worker thread to the waiting one (the semaphore orders the accesses).
final class Box<T>: @unchecked Sendable {
    var value: T?
    var failure: String?
}
