@testable import KPQUIC
import Crypto
import _CryptoExtras

/// Builds protected Initial packets from frames, the way a QUIC endpoint does (RFC 9001
/// §5.3–5.4), so tests can make packets the RFCs do not have: a ClientHello split
/// across packets, frames out of order, coalesced packets. Its output for the RFC's own
/// plaintext is checked against the RFC's bytes first.
struct InitialSealer {
    var version: QUICVersion = .v1
    var dcid: [UInt8] = hex(RFC9001.dcid)
    var scid: [UInt8] = []
    var side: QUICSide = .client

    /// One Initial packet with a 4-byte packet number; `payload` is padded to at least
    /// 20 bytes so the header-protection sample exists. The keys come from `keysFrom`,
    /// or else from the packet's own DCID.
    func seal(packetNumber: UInt32, payload: [UInt8], token: [UInt8] = [], keysFrom: [UInt8]? = nil) throws -> [UInt8] {
        let parameters = InitialParameters(version)!
        let keys = QUICInitialKeys(dcid: keysFrom ?? dcid, parameters: parameters, side: side)
        var plain = payload
        while plain.count < 20 { plain.append(0) }
        let length = 4 + plain.count + 16
        var header: [UInt8] = [0xc0 | parameters.initialType << 4 | 0x03]
        header += [UInt8(version.rawValue >> 24), UInt8(version.rawValue >> 16 & 0xff), UInt8(version.rawValue >> 8 & 0xff), UInt8(version.rawValue & 0xff)]
        header += [UInt8(dcid.count)] + dcid + [UInt8(scid.count)] + scid
        header += varint(token.count) + token
        header += [0x40 | UInt8(length >> 8), UInt8(length & 0xff)]
        let pnOffset = header.count
        let pn: [UInt8] = [UInt8(packetNumber >> 24), UInt8(packetNumber >> 16 & 0xff), UInt8(packetNumber >> 8 & 0xff), UInt8(packetNumber & 0xff)]
        header += pn
        var nonce = keys.iv
        for i in 0 ..< 4 { nonce[8 + i] ^= pn[i] }
        let box = try AES.GCM.seal(plain, using: SymmetricKey(data: keys.key), nonce: AES.GCM.Nonce(data: nonce), authenticating: header)
        var packet = header + Array(box.ciphertext) + Array(box.tag)
        var mask = Array(packet[(pnOffset + 4) ..< (pnOffset + 20)])
        try AES.permute(&mask, key: SymmetricKey(data: keys.hp))
        packet[0] ^= mask[0] & 0x0f
        for i in 0 ..< 4 { packet[pnOffset + i] ^= mask[1 + i] }
        return packet
    }

    /// A CRYPTO frame with 2-byte varints for its offset and length.
    static func crypto(offset: Int, _ data: ArraySlice<UInt8>) -> [UInt8] {
        [0x06] + varint(offset) + varint(data.count) + Array(data)
    }

    private func varint(_ n: Int) -> [UInt8] { Self.varint(n) }

    static func varint(_ n: Int) -> [UInt8] {
        n < 64 ? [UInt8(n)] : [0x40 | UInt8(n >> 8), UInt8(n & 0xff)]
    }
}
