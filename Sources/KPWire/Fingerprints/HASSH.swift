// HASSH and HASSH-server (Salesforce, github.com/salesforce/hassh) from SSH_MSG_KEXINIT
// (RFC 4253 §7.1), in the first binary packet after the identification line (§6):
//   packet_length(4) padding_length(1) payload padding — payload:
//   byte 20, cookie(16), ten name-lists (uint32 length, comma-separated US-ASCII):
//   kex, host key, enc c→s, enc s→c, mac c→s, mac s→c, comp c→s, comp s→c,
//   lang c→s, lang s→c; then first_kex_packet_follows(1), reserved(4).
// hassh = MD5("kex;enc c→s;mac c→s;comp c→s") of the client's KEXINIT;
// hasshServer = MD5("kex;enc s→c;mac s→c;comp s→c") of the server's.

/// The name-lists of one SSH_MSG_KEXINIT, and the HASSH fingerprints over them.
public struct SSHKexInit: Sendable, Equatable {
    public var kexAlgorithms: String
    public var hostKeyAlgorithms: String
    public var encryptionClientToServer: String
    public var encryptionServerToClient: String
    public var macClientToServer: String
    public var macServerToClient: String
    public var compressionClientToServer: String
    public var compressionServerToClient: String

    /// OpenSSH refuses packets over 256 KiB (PACKET_MAX_SIZE); a longer length is
    /// not a KEXINIT we will read.
    static let maxPacketLength = 256 * 1024
    static let kexInit: UInt8 = 20

    /// The string `hassh` hashes: the client's kex;enc;mac;comp lists (c→s).
    public var hasshAlgorithms: String {
        "\(kexAlgorithms);\(encryptionClientToServer);\(macClientToServer);\(compressionClientToServer)"
    }

    /// The string `hasshServer` hashes: the server's kex;enc;mac;comp lists (s→c).
    public var hasshServerAlgorithms: String {
        "\(kexAlgorithms);\(encryptionServerToClient);\(macServerToClient);\(compressionServerToClient)"
    }

    /// HASSH of a client's KEXINIT: MD5 of `hasshAlgorithms` in lowercase hex.
    public var hassh: String { SHA256.hex(MD5.hash(Array(hasshAlgorithms.utf8))) }

    /// HASSH-server of a server's KEXINIT: MD5 of `hasshServerAlgorithms`.
    public var hasshServer: String { SHA256.hex(MD5.hash(Array(hasshServerAlgorithms.utf8))) }

    /// Parses the binary packet at the start of `bytes` (from packet_length); nil when
    /// it is not a KEXINIT, is cut short, or a length runs past the payload.
    public init?(packet bytes: UnsafeRawBufferPointer) {
        var c = ByteCursor(bytes)
        guard let packetLength = c.readU32(), packetLength <= Self.maxPacketLength,
              let padding = c.readU8(), Int(padding) + 1 <= Int(packetLength),
              let payload = c.slice(at: c.offset, count: Int(packetLength) - Int(padding) - 1) else { return nil }
        var p = ByteCursor(payload)
        guard p.readU8() == Self.kexInit, p.skip(16) else { return nil }
        var lists: [String] = []
        for _ in 0 ..< 8 {
            guard let length = p.readU32(), length <= payload.count,
                  let list = p.readSlice(Int(length)), Self.isNameList(list) else { return nil }
            lists.append(String(decoding: list, as: UTF8.self))
        }
        kexAlgorithms = lists[0]
        hostKeyAlgorithms = lists[1]
        encryptionClientToServer = lists[2]
        encryptionServerToClient = lists[3]
        macClientToServer = lists[4]
        macServerToClient = lists[5]
        compressionClientToServer = lists[6]
        compressionServerToClient = lists[7]
    }

    /// Parses a packet held in an array (tests).
    public init?(packet bytes: [UInt8]) {
        guard let kex = bytes.withUnsafeBytes({ SSHKexInit(packet: $0) }) else { return nil }
        self = kex
    }

    /// Parses the KEXINIT that follows the identification line in the first bytes of
    /// one direction of an SSH connection; other lines may come before the `SSH-`
    /// line (RFC 4253 §4.2). Nil without an identification line or a whole KEXINIT.
    public init?(stream bytes: UnsafeRawBufferPointer) {
        var lineStart = 0
        var c = ByteCursor(bytes)
        while c.remaining > 0 {
            guard let b = c.readU8() else { return nil }
            guard b == 0x0a else { continue }
            if c.rest(from: lineStart).hasASCIIPrefix("SSH-") {
                self.init(packet: c.rest(from: c.offset))
                return
            }
            lineStart = c.offset
        }
        return nil
    }

    /// RFC 4251 §5: names are printable US-ASCII without spaces, separated by commas.
    static func isNameList(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !bytes.contains { $0 <= 0x20 || $0 >= 0x7f }
    }
}
