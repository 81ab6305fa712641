import Foundation
import KPProbe

/// Runs this same command inside a network namespace: `ip netns exec NS kpcensus …`,
/// marked by KPCENSUS_SCAN_NETNS so the child does not re-execute again.
enum ScanNetns {
    static func reexec(netns: String) throws -> Never {
        guard FileManager.default.fileExists(atPath: "/run/netns/\(netns)") else {
            throw ScanError("--netns \(netns): no such network namespace (/run/netns/\(netns)); see 'ip netns list' or 'kpcensus lab status'", exitCode: 3)
        }
        guard geteuid() == 0 else { throw ScanError("--netns \(netns): entering a network namespace needs root (sudo)", exitCode: 3) }
        let ip = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let ip else { throw ScanError("--netns: the 'ip' binary (iproute2) is missing: apt-get install iproute2", exitCode: 3) }
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let argv = [ip, "netns", "exec", netns, me] + CommandLine.arguments.dropFirst()
        setenv("KPCENSUS_SCAN_NETNS", netns, 1)
        let cargs = argv.map { strdup($0) } + [nil]
        execv(ip, cargs)
        throw ScanError("--netns \(netns): cannot run \(ip): \(String(cString: strerror(errno)))", exitCode: 3)
    }
}
