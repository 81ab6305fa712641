/// The Internet checksum (RFC 1071) of IPv4, TCP, UDP and ICMP headers, for the
/// scanner's raw probes and the simulator's frames.
public enum InternetChecksum {
    /// One's-complement sum of the 16-bit big-endian words of `count` bytes at `p`
    /// (an odd last byte padded with zero), starting from `initial`, not yet folded.
    @inlinable @inline(__always)
    public static func sum(_ p: UnsafeRawPointer, count: Int, initial: UInt64 = 0) -> UInt64 {
        var s = initial
        var i = 0
        while i + 8 <= count {
            let w = UInt64(bigEndian: p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            s &+= (w >> 48) &+ ((w >> 32) & 0xffff) &+ ((w >> 16) & 0xffff) &+ (w & 0xffff)
            i += 8
        }
        while i + 2 <= count {
            s &+= UInt64(UInt16(bigEndian: p.loadUnaligned(fromByteOffset: i, as: UInt16.self)))
            i += 2
        }
        if i < count { s &+= UInt64(p.load(fromByteOffset: i, as: UInt8.self)) << 8 }
        return s
    }

    /// Folds a sum to 16 bits, carries added back in.
    @inlinable @inline(__always)
    public static func fold(_ s: UInt64) -> UInt16 {
        var s = s
        while s >> 16 != 0 { s = (s & 0xffff) &+ (s >> 16) }
        return UInt16(s)
    }

    /// The value of a checksum field over `count` bytes at `p` (whose own checksum field is zero).
    @inlinable @inline(__always)
    public static func checksum(_ p: UnsafeRawPointer, count: Int, initial: UInt64 = 0) -> UInt16 {
        ~fold(sum(p, count: count, initial: initial))
    }

    /// The same over bytes in an array; 0 over a header whose checksum is right.
    public static func checksum(_ bytes: ArraySlice<UInt8>, initial: UInt64 = 0) -> UInt16 {
        bytes.withUnsafeBytes { b in b.baseAddress.map { checksum($0, count: b.count, initial: initial) } ?? ~fold(initial) }
    }

    /// The TCP/UDP pseudo-header's sum (RFC 9293 3.1): addresses, protocol, length.
    @inlinable public static func pseudoHeader(src: UInt32, dst: UInt32, proto: UInt8, length: Int) -> UInt64 {
        UInt64(src >> 16) &+ UInt64(src & 0xffff) &+ UInt64(dst >> 16) &+ UInt64(dst & 0xffff) &+ UInt64(proto) &+ UInt64(length)
    }
}
