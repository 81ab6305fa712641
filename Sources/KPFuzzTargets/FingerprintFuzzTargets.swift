import Foundation
import KPFingerprint

/// The fuzz targets of KPFingerprint, kept apart from the decoders' so that each file has
/// one job; `FuzzTargets.all` merges them in.
public enum FingerprintFuzzTargets {
    /// Target name → entry point.
    public static let all: [String: (UnsafeRawBufferPointer) -> Void] = [
        "service-probes": serviceProbes,
        "service-match": serviceMatch,
        "p0f-db": { bytes in _ = P0fDatabase.parse(String(decoding: bytes, as: UTF8.self), path: "fuzz") },
    ]

    /// The input as a probes file: parsed, every regex compiled, then the input itself
    /// matched as a reply to its first probe (hostile patterns meet hostile subjects).
    static func serviceProbes(_ bytes: UnsafeRawBufferPointer) {
        let db = ServiceProbesParser.parse(Array(bytes), path: "fuzz")
        let matcher = ServiceMatcher(database: db)
        matcher.compileAll()
        if let probe = db.probes.first {
            _ = matcher.match(reply: Array(bytes), probe: probe.name, transport: probe.transport)
        }
    }

    /// Byte 0 picks a probe of Debian's real file (or a small built-in one where nmap-common
    /// is missing); the rest is the server's reply, matched through that probe's fallbacks.
    static func serviceMatch(_ bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first else { return }
        let probes = realMatcher.database.probes
        let probe = probes[Int(first) % probes.count]
        _ = realMatcher.match(reply: Array(bytes.dropFirst()), probe: probe.name, transport: probe.transport)
    }

    static let realMatcher: ServiceMatcher = {
        let db = (try? ServiceProbesParser.load()) ?? ServiceProbesParser.parse(Array(builtIn.utf8), path: "built-in")
        return ServiceMatcher(database: db)
    }()

    static let builtIn = #"""
        Probe TCP NULL q||
        match ssh m|^SSH-([\d.]+)-OpenSSH[_-]([\w.]+)\s*\r?\n|i p/OpenSSH/ v/$2/ i/protocol $1/ cpe:/a:openbsd:openssh:$2/
        match smtp m|^220 ([\w_.-]+) ESMTP OpenSMTPD\r\n| p/OpenSMTPD/ h/$1/
        softmatch pop3 m|^\+OK [-\[\]\(\)!,/+:<>@.\w ]+\r\n$|
        Probe TCP GetRequest q|GET / HTTP/1.0\r\n\r\n|
        rarity 1
        match http m|^HTTP/1\.[01] \d\d\d.*\r\nServer: nginx/([\d.]+)\r\n|s p/nginx/ v/$1/ cpe:/a:igor_sysoev:nginx:$1/
        match demo m|^D(..)(.*)$|s p/$P(2)/ v/$I(1,">")/ i/$SUBST(2,"a","b")/
        """#
}
