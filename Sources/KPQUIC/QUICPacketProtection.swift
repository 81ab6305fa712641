// Removing the protection of one Initial packet (RFC 9001 §5.3, §5.4):
//   sample = 16 bytes from packet_number_offset + 4
//   mask   = AES-128-ECB(hp, sample)            (one block: swift-crypto's AES.permute)
//   first ^= mask[0] & 0x0f; packet_number ^= mask[1 ... pn_length]
//   nonce  = iv XOR packet_number (left-padded to 12 bytes)
//   payload = AES-128-GCM-Open(key, nonce, aad = the unprotected header, ciphertext ‖ tag)
// The packet number is used as sent, not reconstructed (RFC 9000 §A.3): the first
// Initials of a connection number from 0, far below what one byte of it carries.
import Crypto
import _CryptoExtras
import KPWire

enum QUICPacketProtection {
    static let sampleLength = 16, tagLength = 16

    /// The decrypted payload of an Initial packet, or why it could not be had.
    static func open(_ c: ByteCursor, header: QUICLongHeader, keys: QUICInitialKeys) -> Result<[UInt8], QUICAnomaly> {
        let pnOffset = header.packetNumberOffset
        guard pnOffset + 4 + sampleLength <= header.end,
              let sample = c.slice(at: pnOffset + 4, count: sampleLength),
              let headerBytes = c.slice(at: header.start, count: pnOffset - header.start)
        else { return .failure(.truncated) }
        var mask = Array(sample)
        guard (try? AES.permute(&mask, key: SymmetricKey(data: keys.hp))) != nil else { return .failure(.decryptFailed) }
        let first = header.first ^ (mask[0] & 0x0f)
        let pnLength = Int(first & 0x03) + 1
        guard let pnBytes = c.slice(at: pnOffset, count: pnLength),
              let sealed = c.slice(at: pnOffset + pnLength, count: header.end - pnOffset - pnLength),
              sealed.count >= tagLength
        else { return .failure(.truncated) }
        var aad = Array(headerBytes)
        aad[0] = first
        var nonce = keys.iv
        for i in 0 ..< pnLength {
            let byte = pnBytes[i] ^ mask[1 + i]
            aad.append(byte)
            nonce[nonce.count - pnLength + i] ^= byte
        }
        do {
            let box = try AES.GCM.SealedBox(
                nonce: AES.GCM.Nonce(data: nonce),
                ciphertext: UnsafeRawBufferPointer(rebasing: sealed[..<(sealed.count - tagLength)]),
                tag: UnsafeRawBufferPointer(rebasing: sealed[(sealed.count - tagLength)...]))
            return .success(Array(try AES.GCM.open(box, using: SymmetricKey(data: keys.key), authenticating: aad)))
        } catch {
            return .failure(.decryptFailed)
        }
    }
}
