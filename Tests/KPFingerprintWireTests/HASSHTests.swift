import KPWire
import XCTest

/// HASSH and HASSH-server of the real OpenSSH 9.2 KEXINITs in mail-ssh.pcap. The
/// expected values are tshark 4.0's own (`-e ssh.kex.hassh -e ssh.kex.hasshserver`,
/// and its `ssh.kex.hassh_algorithms` strings piped through `md5sum` agree).
final class HASSHTests: XCTestCase {
    static let clientAlgorithms = "sntrup761x25519-sha512,sntrup761x25519-sha512@openssh.com,curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256;chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com;umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1;none,zlib@openssh.com"

    func testRealClientKexInit() throws {
        let kex = try XCTUnwrap(SSHKexInit(packet: RealBytes.kexInitClient))
        XCTAssertEqual(kex.hassh, "146c5c62d23255e543b72292ce71de2c")
        XCTAssertEqual(kex.hasshAlgorithms, Self.clientAlgorithms)
        XCTAssertEqual(kex.hostKeyAlgorithms, "ssh-ed25519", "tshark's ssh.server_host_key_algorithms")
    }

    func testRealServerKexInit() throws {
        let kex = try XCTUnwrap(SSHKexInit(packet: RealBytes.kexInitServer))
        XCTAssertEqual(kex.hasshServer, "425d29fe50d8e4f5e37efb6e24bcf660")
        XCTAssertTrue(kex.kexAlgorithms.hasSuffix(",kex-strict-s-v00@openssh.com"), kex.kexAlgorithms)
        XCTAssertEqual(kex.compressionServerToClient, "none,zlib@openssh.com")
    }

    /// From the first bytes of a direction: other lines, then the identification
    /// line (RFC 4253 §4.2), then the KEXINIT.
    func testFromStreamStart() throws {
        let stream = Array("Welcome to kcna.kp\r\nSSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n".utf8) + RealBytes.kexInitServer
        let kex = try stream.withUnsafeBytes { try XCTUnwrap(SSHKexInit(stream: $0)) }
        XCTAssertEqual(kex.hasshServer, "425d29fe50d8e4f5e37efb6e24bcf660")
        let noIdentification = Array("Welcome\r\n".utf8) + RealBytes.kexInitServer
        XCTAssertNil(noIdentification.withUnsafeBytes { SSHKexInit(stream: $0) })
    }

    /// A name-list length of 0xffffffff, a packet_length over 256 KiB, a padding
    /// longer than the packet, another message type and every cut of the packet: nil.
    func testHostileAndTruncated() {
        var huge = RealBytes.kexInitClient
        huge.replaceSubrange(22 ..< 26, with: [0xff, 0xff, 0xff, 0xff])  // the kex name-list's length
        XCTAssertNil(SSHKexInit(packet: huge))
        var long = RealBytes.kexInitClient
        long.replaceSubrange(0 ..< 4, with: [0x00, 0x04, 0x00, 0x01])
        XCTAssertNil(SSHKexInit(packet: long))
        var padding = RealBytes.kexInitClient
        padding.replaceSubrange(0 ..< 5, with: [0, 0, 0, 4, 200])
        XCTAssertNil(SSHKexInit(packet: padding))
        var type = RealBytes.kexInitClient
        type[5] = 21
        XCTAssertNil(SSHKexInit(packet: type))
        var control = RealBytes.kexInitClient
        control[26] = 0x0a
        XCTAssertNil(SSHKexInit(packet: control), "a name-list holds printable ASCII only")
        let full = RealBytes.kexInitClient
        let payloadEnd = full.count - Int(full[4])
        for n in stride(from: 0, to: payloadEnd, by: 7) {
            XCTAssertNil(SSHKexInit(packet: Array(full.prefix(n))), "cut at \(n)")
        }
    }
}
