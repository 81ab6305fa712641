/// The frame MD5 (RFC 1321 §3.1–3.4), SHA-1 and SHA-256 (FIPS 180-4 §5.1.1, §5.2.1,
/// §6) share: the message padded with 0x80, zeros and its length in bits to whole
/// 64-byte blocks, each block read as sixteen 32-bit words and given to the
/// algorithm's compression function, the final state written out as the digest.
/// Only the byte order differs: little-endian for MD5, big-endian for the SHAs.
enum MerkleDamgard {
    static func digest(_ message: [UInt8], bigEndian: Bool, state initial: [UInt32],
                       compress: (inout [UInt32], [UInt32]) -> Void) -> [UInt8] {
        var m = message
        let bits = UInt64(message.count) &* 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for i in 0 ..< 8 { m.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(bigEndian ? 7 - i : i)))) }
        var h = initial
        var words = [UInt32](repeating: 0, count: 16)
        for chunk in stride(from: 0, to: m.count, by: 64) {
            for i in 0 ..< 16 {
                let j = chunk + 4 * i
                let word = UInt32(m[j]) << 24 | UInt32(m[j + 1]) << 16 | UInt32(m[j + 2]) << 8 | UInt32(m[j + 3])
                words[i] = bigEndian ? word : word.byteSwapped
            }
            compress(&h, words)
        }
        return h.flatMap { v in
            let out = bigEndian ? v : v.byteSwapped
            return (0 ..< 4).map { UInt8(truncatingIfNeeded: out >> (24 - 8 * UInt32($0))) }
        }
    }
}
