import Foundation
import KPCapture
import KPWire
import XCTest
@testable import KPAirgap
import KPPipeline
import KPTestSupport

/// Dual-homed hosts recognised across an inside and an outside capture by their TCP
/// timestamp clock, SSH host key and TLS certificate (crafted captures).
final class IdentityTests: XCTestCase {
    var files: [String] = []
    override func tearDown() { for f in files { try? FileManager.default.removeItem(atPath: f) } }

    func check(_ inside: TestPcap, outside: TestPcap?) throws -> AirgapResult {
        let i = try inside.write(); files.append(i)
        var o: [String] = []
        if let outside { o = [try outside.write()]; files += o }
        return try AirgapCheck.run(inside: [i], outside: o, scope: try InsideScope.parse(["10.0.0.0/8"]), active: nil)
    }

    func dualHomed(_ r: AirgapResult) -> [Finding] { r.findings.filter { $0.kind == "dual-homed" } }

    // MARK: TCP timestamp clock

    func testOneTCPTimestampClockOnBothSidesIsADualHomedHost() throws {
        let inside = TestPcap(), outside = TestPcap()
        outside.defaultMAC = 0x02_0000_00ee
        inside.insideChatter()
        let t0 = inside.t
        // A 1000 Hz clock: the value a frame carries, given the time it will be written at.
        func ts(_ p: TestPcap, base: UInt32) -> UInt32 { base &+ 1000 &* (p.t + 1 - t0) }
        let base: UInt32 = 0xffff_f000          // wraps between the inside and the outside samples
        for i in 0 ..< 4 {
            inside.tcp("10.76.0.50", 22, "10.1.0.10", 40000, flags: 0x18, seq: 100 + UInt32(i), tsVal: ts(inside, base: base))
        }
        outside.t = inside.t + 3
        for i in 0 ..< 3 {
            // The same machine's outside address: its clock continues.
            outside.tcp("198.51.100.50", 443, "198.51.100.10", 50000, flags: 0x18, seq: 500 + UInt32(i), tsVal: ts(outside, base: base))
            // Another outside host at the same rate, but another offset.
            outside.tcp("198.51.100.60", 443, "198.51.100.10", 50001, flags: 0x18, seq: 900 + UInt32(i), tsVal: ts(outside, base: base &+ 7_000_000))
        }
        // A translated connection carries the inside host's clock out: NAT, not a dual-homed host.
        for i in 0 ..< 3 {
            inside.tcp("10.1.0.11", 41001, "203.0.113.10", 443, flags: 0x10, seq: 77 + UInt32(i), tsVal: ts(inside, base: 0x1000))
            outside.tcp("198.51.100.1", 61001, "203.0.113.10", 443, flags: 0x10, seq: 77 + UInt32(i), tsVal: ts(outside, base: 0x1000))
        }
        let r = try check(inside, outside: outside)
        let d = dualHomed(r)
        XCTAssertEqual(d.count, 1, "\(d)")
        let f = try XCTUnwrap(d.first)
        XCTAssertEqual(f.severity, .breach)
        XCTAssertEqual(f.inside, ["10.76.0.50"])
        XCTAssertEqual(f.outside, ["198.51.100.50"])
        XCTAssertEqual(f.bridge, "10.76.0.50")
        XCTAssertTrue(f.explanation.contains("TCP timestamp clock (1000 Hz"), f.explanation)
        XCTAssertEqual(f.evidence.count, 2)
        XCTAssertTrue(r.findings.contains { $0.kind == "nat" && $0.bridge == "198.51.100.1" })
        XCTAssertEqual(r.verdict, .breached)
        // Without the outside capture there is nothing to match.
        XCTAssertEqual(dualHomed(try check(inside, outside: nil)), [])
    }

    func testClocksThatDoNotContinueAreNotMatched() throws {
        let inside = TestPcap(), outside = TestPcap()
        outside.defaultMAC = 0x02_0000_00ee
        inside.insideChatter()
        for i in 0 ..< 3 { inside.tcp("10.76.0.50", 22, "10.1.0.10", 40000, flags: 0x10, seq: UInt32(i), tsVal: 5000 + 1000 * UInt32(i)) }
        // Same offset at the start, but 100 Hz instead of 1000 Hz.
        outside.t = inside.t
        for i in 0 ..< 3 { outside.tcp("198.51.100.50", 443, "198.51.100.10", 50000, flags: 0x10, seq: UInt32(i), tsVal: 5000 + 3000 + 100 * UInt32(i)) }
        XCTAssertEqual(dualHomed(try check(inside, outside: outside)), [])
    }

    // MARK: SSH host key

    static func sshString(_ b: [UInt8]) -> [UInt8] { TestPcap.be32(UInt32(b.count)) + b }
    static func sshPacket(_ payload: [UInt8]) -> [UInt8] {
        let pad = 8 - (5 + payload.count) % 8 + 4
        return TestPcap.be32(UInt32(1 + payload.count + pad)) + [UInt8(pad)] + payload + [UInt8](repeating: 0, count: pad)
    }
    static func hostKey(_ seed: UInt8) -> [UInt8] { sshString(Array("ssh-ed25519".utf8)) + sshString((0 ..< 32).map { $0 &+ seed }) }

    /// The server's side of an SSH connection up to its ECDH reply carrying `key`.
    static func sshServer(_ key: [UInt8]) -> [UInt8] {
        let kexinit = sshPacket([20] + [UInt8](repeating: 7, count: 16) + sshString(Array("curve25519-sha256".utf8)) + sshString(Array("ssh-ed25519".utf8)))
        let reply = sshPacket([31] + sshString(key) + sshString([UInt8](repeating: 9, count: 32)) + sshString([UInt8](repeating: 3, count: 83)))
        return Array("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3\r\n".utf8) + kexinit + reply
    }

    /// Sends `stream` from src to dst in two segments (the decoder must join them).
    static func send(_ p: TestPcap, _ src: String, _ sp: UInt16, _ dst: String, _ dp: UInt16, _ stream: [UInt8]) {
        let cut = stream.count / 2
        p.tcp(src, sp, dst, dp, flags: 0x18, seq: 1000, bytes: Array(stream[..<cut]))
        p.tcp(src, sp, dst, dp, flags: 0x18, seq: 1000 + UInt32(cut), bytes: Array(stream[cut...]))
    }

    func testSSHHostKeyDecoderAndFingerprint() throws {
        let kex = IdentityTests.sshServer(IdentityTests.hostKey(0)).withUnsafeBytes { SSHDecoder.serverKex($0) }
        XCTAssertEqual(kex.identification, "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3")
        XCTAssertEqual(kex.hostKeyType, "ssh-ed25519")
        XCTAssertEqual(kex.hostKey, IdentityTests.hostKey(0))
        // As `ssh-keygen -l` prints it.
        XCTAssertEqual(SHA256.openSSHFingerprint(IdentityTests.hostKey(0)), "SHA256:ZkAslGjFiUHdGf/WUL8rQvkib4PTvQatUV0OUQSncCA")
        XCTAssertEqual(SHA256.hex(SHA256.hash([])), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(SHA256.hash([UInt8](repeating: 0x61, count: 200))), "c2a908d98f5df987ade41b5fce213067efbcc21ef2240212a41e54b5e7c28ae5")
        // Group exchange: message 31 carries the prime, not a key.
        let gex = Array("SSH-2.0-x\r\n".utf8) + IdentityTests.sshPacket([31] + IdentityTests.sshString([0] + [UInt8](repeating: 0xff, count: 256)) + IdentityTests.sshString([2]))
        let g = gex.withUnsafeBytes { SSHDecoder.serverKex($0) }
        XCTAssertNil(g.hostKey)
        XCTAssertTrue(g.needMore)
        // Cut inside the reply: more bytes are needed.
        let full = IdentityTests.sshServer(IdentityTests.hostKey(0))
        XCTAssertTrue(Array(full.dropLast(10)).withUnsafeBytes { SSHDecoder.serverKex($0) }.needMore)
    }

    func testOneSSHHostKeyOnBothSidesIsADualHomedHost() throws {
        let inside = TestPcap(), outside = TestPcap()
        outside.defaultMAC = 0x02_0000_00ee
        inside.insideChatter()
        IdentityTests.send(inside, "10.76.0.22", 22, "10.1.0.10", 40100, IdentityTests.sshServer(IdentityTests.hostKey(0)))
        IdentityTests.send(outside, "198.51.100.22", 22, "198.51.100.10", 50100, IdentityTests.sshServer(IdentityTests.hostKey(0)))
        IdentityTests.send(outside, "198.51.100.23", 22, "198.51.100.10", 50101, IdentityTests.sshServer(IdentityTests.hostKey(1)))
        let r = try check(inside, outside: outside)
        let d = dualHomed(r)
        XCTAssertEqual(d.count, 1, "\(d)")
        let f = try XCTUnwrap(d.first)
        XCTAssertEqual(f.inside, ["10.76.0.22"])
        XCTAssertEqual(f.outside, ["198.51.100.22"])
        XCTAssertEqual(f.bridge, "10.76.0.22")
        XCTAssertTrue(f.explanation.contains("SSH host key ssh-ed25519 SHA256:ZkAslGjFiUHdGf/WUL8rQvkib4PTvQatUV0OUQSncCA (SSH-2.0-OpenSSH_9.6p1 Ubuntu-3)"), f.explanation)
        XCTAssertEqual(f.evidence.map(\.packet), [25, 1])
        XCTAssertEqual(r.verdict, .breached)
    }

    // MARK: TLS certificate

    static func der(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        let n = content.count
        let len: [UInt8] = n < 128 ? [UInt8(n)] : n < 256 ? [0x81, UInt8(n)] : [0x82, UInt8(n >> 8), UInt8(n & 255)]
        return [tag] + len + content
    }

    static func name(_ cn: String) -> [UInt8] {
        der(0x30, der(0x31, der(0x30, der(0x06, [0x55, 0x04, 0x03]) + der(0x0c, Array(cn.utf8)))))
    }

    static func certificate(_ cn: String, serial: UInt8) -> [UInt8] {
        let sigAlg = der(0x30, der(0x06, [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]))
        let validity = der(0x30, der(0x17, Array("250101000000Z".utf8)) + der(0x17, Array("350101000000Z".utf8)))
        let spki = der(0x30, der(0x30, der(0x06, [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01])) + der(0x03, [0, 4, 1, 2, 3]))
        let tbs = der(0x30, der(0xa0, der(0x02, [2])) + der(0x02, [serial]) + sigAlg + name("Lab CA") + validity + name(cn) + spki)
        return der(0x30, tbs + sigAlg + der(0x03, [0, 0xaa, 0xbb]))
    }

    /// A TLS 1.2 server flight: ServerHello and Certificate in one record.
    static func tlsServer(_ cert: [UInt8]) -> [UInt8] {
        func u24(_ n: Int) -> [UInt8] { [UInt8(n >> 16), UInt8(n >> 8 & 255), UInt8(n & 255)] }
        let hello: [UInt8] = [3, 3] + [UInt8](repeating: 5, count: 32) + [0] + [0xc0, 0x2f] + [0]
        let certs = u24(cert.count) + cert
        let msgs = [2] + u24(hello.count) + hello + [11] + u24(certs.count + 3) + u24(certs.count) + certs
        return [0x16, 3, 3] + TestPcap.be16(UInt16(msgs.count)) + msgs
    }

    func testOneTLSCertificateOnBothSidesIsADualHomedHost() throws {
        let cert = IdentityTests.certificate("gw.example.org", serial: 1)
        let fp = SHA256.hex(SHA256.hash(cert))
        let inside = TestPcap(), outside = TestPcap()
        outside.defaultMAC = 0x02_0000_00ee
        inside.insideChatter()
        IdentityTests.send(inside, "10.76.1.10", 443, "10.1.0.10", 40200, IdentityTests.tlsServer(cert))
        IdentityTests.send(outside, "203.0.113.44", 443, "198.51.100.10", 50200, IdentityTests.tlsServer(cert))
        IdentityTests.send(outside, "203.0.113.45", 443, "198.51.100.10", 50201, IdentityTests.tlsServer(IdentityTests.certificate("gw.example.org", serial: 2)))
        let r = try check(inside, outside: outside)
        let d = dualHomed(r)
        XCTAssertEqual(d.count, 1, "\(d)")
        let f = try XCTUnwrap(d.first)
        XCTAssertEqual(f.inside, ["10.76.1.10"])
        XCTAssertEqual(f.outside, ["203.0.113.44"])
        XCTAssertEqual(f.bridge, "10.76.1.10")
        XCTAssertTrue(f.explanation.contains("TLS certificate CN=gw.example.org SHA-256 \(fp)"), f.explanation)
        XCTAssertEqual(r.verdict, .breached)
    }

    func testAnOutsideServersCertificateFetchedThroughTheGapIsNoDualHomedHost() throws {
        // An inside client reaches an outside server (answered: a breach of its own); the
        // certificate comes from an outside address on both captures.
        let cert = IdentityTests.certificate("www.example.com", serial: 3)
        let inside = TestPcap(), outside = TestPcap()
        outside.defaultMAC = 0x02_0000_00ee
        inside.insideChatter()
        IdentityTests.send(inside, "198.51.100.99", 443, "10.1.0.12", 40300, IdentityTests.tlsServer(cert))
        IdentityTests.send(outside, "198.51.100.99", 443, "198.51.100.1", 61300, IdentityTests.tlsServer(cert))
        let r = try check(inside, outside: outside)
        XCTAssertEqual(dualHomed(r), [])
        XCTAssertTrue(r.findings.contains { $0.kind == "outside-answered" })
    }

    // MARK: real servers (Datasets/captures)

    /// Splits a recorded Ethernet capture: the TCP connections on `outsidePort` go to the
    /// outside capture with their IPv4 addresses mapped by `rename` and other source
    /// MACs (copies too with `copy`), everything else stays inside.
    func split(_ name: String, outsidePort: UInt16, copy: Bool, rename: [String: String]) throws -> (TestPcap, TestPcap) {
        let path = repoRoot.appendingPathComponent("Datasets/captures/\(name)").path
        let reader = try CaptureFileReader(path: path)
        let inside = TestPcap(), outside = TestPcap()
        let map = Dictionary(uniqueKeysWithValues: rename.map { (TestPcap.v4($0.key), TestPcap.v4($0.value)) })
        _ = reader.read(fileIndex: 0) { rec in
            let f = FrameDecoder.decode(linkType: rec.linkType, bytes: rec.bytes, wireLength: rec.wireLength)
            var b = Array(rec.bytes)
            let out = f.isTCP && (f.srcPort == outsidePort || f.dstPort == outsidePort)
            if !out || copy { inside.record(b, ns: rec.timestamp) }
            guard out, b.count >= 34, b[12] == 0x08, b[13] == 0x00 else { return }
            b[6] = 0x0a                                            // another (locally administered) source MAC
            for at in [26, 30] { if let m = map[Array(b[at ..< at + 4])] { b.replaceSubrange(at ..< at + 4, with: m) } }
            outside.record(b, ns: rec.timestamp)
        }
        return (inside, outside)
    }

    func testRealOpenSSHHostKeyOnTwoAddresses() throws {
        // One sshd, reached on port 22 inside and on port 2222 under outside addresses.
        let (inside, outside) = try split("mail-ssh.pcap", outsidePort: 2222, copy: false,
                                          rename: ["10.3.0.22": "198.51.100.22", "10.3.0.10": "198.51.100.10"])
        let r = try check(inside, outside: outside)
        let f = try XCTUnwrap(dualHomed(r).first, "\(r.findings.map { ($0.kind, $0.bridge) })")
        XCTAssertEqual(dualHomed(r).count, 1)
        XCTAssertEqual(f.inside, ["10.3.0.22"])
        XCTAssertEqual(f.outside, ["198.51.100.22"])
        XCTAssertEqual(f.bridge, "10.3.0.22")
        // The fingerprint Wireshark's dissector and ssh-keygen give for this host key.
        XCTAssertTrue(f.explanation.contains("SSH host key ssh-ed25519 SHA256:mAFCBD18Wvw8DE/dKwcG/U22hI6L8wkRvTVzLPDE4bY (SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10)"), f.explanation)
        XCTAssertEqual(f.evidence.map(\.packet), [115, 4])   // the server's banner on each side
    }

    func testRealNginxCertificateOnTwoAddresses() throws {
        // The TLS 1.2 connection to naenara.com.kp, seen again under outside addresses.
        let (inside, outside) = try split("tls-sni.pcap", outsidePort: 49502, copy: true,
                                          rename: ["10.2.0.80": "203.0.113.80", "10.2.0.10": "198.51.100.10"])
        let r = try check(inside, outside: outside)
        let f = try XCTUnwrap(dualHomed(r).first, "\(r.findings.map { ($0.kind, $0.bridge) })")
        XCTAssertEqual(dualHomed(r).count, 1)
        XCTAssertEqual(f.inside, ["10.2.0.80"])
        XCTAssertEqual(f.outside, ["203.0.113.80"])
        // SHA-256 of the certificate's DER, as tshark's tls.handshake.certificate gives it.
        XCTAssertTrue(f.explanation.contains("TLS certificate CN=naenara.com.kp SHA-256 702c344bfe8199e238e60ed0c223b394e5d229706032c39558c7634c371bcf40"), f.explanation)
    }
}
