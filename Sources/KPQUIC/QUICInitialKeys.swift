// The Initial packet keys of RFC 9001 §5.2 (and RFC 9369 §3.3 for version 2):
//   initial_secret = HKDF-Extract(salt, client's first Destination Connection ID)
//   side_secret    = HKDF-Expand-Label(initial_secret, "client in" | "server in", "", 32)
//   key, iv, hp    = HKDF-Expand-Label(side_secret, prefix + " key" | " iv" | " hp", "", 16 | 12 | 16)
// HKDF-Expand-Label is TLS 1.3's (RFC 8446 §7.1) over SHA-256, AEAD AES-128-GCM.
import Crypto

/// Which endpoint sent an Initial packet; each has its own keys.
public enum QUICSide: String, Sendable {
    case client, server
}

/// The AEAD key, IV and header-protection key of one side's Initial packets, as bytes:
/// swift-crypto's SymmetricKey is not Sendable on Linux, and a decoder may move between tasks.
struct QUICInitialKeys: Sendable {
    var key: [UInt8]
    var iv: [UInt8]
    var hp: [UInt8]

    init(dcid: [UInt8], parameters: InitialParameters, side: QUICSide) {
        let secret = Self.sideSecret(dcid: dcid, salt: parameters.salt, side: side)
        key = Self.expandLabel(secret, label: parameters.labelPrefix + " key", length: 16)
        iv = Self.expandLabel(secret, label: parameters.labelPrefix + " iv", length: 12)
        hp = Self.expandLabel(secret, label: parameters.labelPrefix + " hp", length: 16)
    }

    static func initialSecret(dcid: [UInt8], salt: [UInt8]) -> [UInt8] {
        Array(HKDF<SHA256>.extract(inputKeyMaterial: SymmetricKey(data: dcid), salt: salt))
    }

    static func sideSecret(dcid: [UInt8], salt: [UInt8], side: QUICSide) -> [UInt8] {
        expandLabel(initialSecret(dcid: dcid, salt: salt), label: side == .client ? "client in" : "server in", length: 32)
    }

    /// HKDF-Expand-Label with an empty context.
    static func expandLabel(_ secret: [UInt8], label: String, length: Int) -> [UInt8] {
        let fullLabel = Array("tls13 \(label)".utf8)
        var info: [UInt8] = [UInt8(length >> 8), UInt8(length & 0xff), UInt8(fullLabel.count)]
        info += fullLabel
        info.append(0)
        let okm = HKDF<SHA256>.expand(pseudoRandomKey: SymmetricKey(data: secret), info: info, outputByteCount: length)
        return okm.withUnsafeBytes { Array($0) }
    }
}
