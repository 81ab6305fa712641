/// SHA-1 (FIPS 180-4 §6.1), for Community ID flow hashes, which the specification
/// fixes to SHA-1; not for anything that needs collision resistance. Runs once per
/// flow, never per packet.
public enum SHA1 {
    /// The 20-byte digest of `message`.
    public static func hash(_ message: [UInt8]) -> [UInt8] {
        func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
        var w = [UInt32](repeating: 0, count: 80)
        return MerkleDamgard.digest(message, bigEndian: true, state: [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476, 0xc3d2_e1f0]) { h, block in
            w.replaceSubrange(0 ..< 16, with: block)
            for i in 16 ..< 80 { w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1) }
            var a = h[0], b = h[1], c = h[2], d = h[3], e = h[4]
            for i in 0 ..< 80 {
                let f: UInt32, k: UInt32
                switch i {
                case 0 ..< 20: f = (b & c) | (~b & d); k = 0x5a82_7999
                case 20 ..< 40: f = b ^ c ^ d; k = 0x6ed9_eba1
                case 40 ..< 60: f = (b & c) | (b & d) | (c & d); k = 0x8f1b_bcdc
                default: f = b ^ c ^ d; k = 0xca62_c1d6
                }
                let t = rotl(a, 5) &+ f &+ e &+ k &+ w[i]
                e = d; d = c; c = rotl(b, 30); b = a; a = t
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
    }
}
