/// A bounds-checked view over bytes that libpcap handed over. Every decoder reads
/// through it: `get…(at:)` does not move, `read…` moves; both return nil when the
/// bytes are not there, so no packet can make a decoder read past what was captured.
public struct ByteCursor {
    public let bytes: UnsafeRawBufferPointer
    /// Offset of the next `read…` from the start of `bytes`.
    public var offset: Int

    @inlinable public init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    @inlinable public var count: Int { bytes.count }
    @inlinable public var remaining: Int { Swift.max(0, bytes.count - offset) }

    @inlinable @inline(__always) public func has(_ n: Int, at pos: Int) -> Bool {
        pos >= 0 && n >= 0 && pos <= bytes.count - n
    }

    @inlinable @inline(__always) public func u8(at pos: Int) -> UInt8? {
        has(1, at: pos) ? bytes[pos] : nil
    }

    @inlinable @inline(__always) public func u16(at pos: Int) -> UInt16? {
        guard has(2, at: pos) else { return nil }
        return UInt16(bytes[pos]) << 8 | UInt16(bytes[pos + 1])
    }

    @inlinable @inline(__always) public func u32(at pos: Int) -> UInt32? {
        guard has(4, at: pos) else { return nil }
        return UInt32(bytes[pos]) << 24 | UInt32(bytes[pos + 1]) << 16
            | UInt32(bytes[pos + 2]) << 8 | UInt32(bytes[pos + 3])
    }

    /// Big-endian loads for a decoder that has just checked `has(n, at:)` for the
    /// whole header: one bounds check per header instead of one per field.
    @inlinable @inline(__always) public func u16(checked pos: Int) -> UInt16 {
        UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt16.self))
    }

    @inlinable @inline(__always) public func u32(checked pos: Int) -> UInt32 {
        UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt32.self))
    }

    @inlinable @inline(__always) public func u8(checked pos: Int) -> UInt8 {
        bytes.load(fromByteOffset: pos, as: UInt8.self)
    }

    @inlinable public func u16le(at pos: Int) -> UInt16? {
        guard has(2, at: pos) else { return nil }
        return UInt16(bytes[pos]) | UInt16(bytes[pos + 1]) << 8
    }

    @inlinable public func u32le(at pos: Int) -> UInt32? {
        guard has(4, at: pos) else { return nil }
        return UInt32(bytes[pos]) | UInt32(bytes[pos + 1]) << 8
            | UInt32(bytes[pos + 2]) << 16 | UInt32(bytes[pos + 3]) << 24
    }

    /// A sub-view of `n` bytes at `pos`, or nil when they are not all there.
    @inlinable public func slice(at pos: Int, count n: Int) -> UnsafeRawBufferPointer? {
        guard has(n, at: pos) else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[pos ..< pos + n])
    }

    /// The bytes from `pos` to the end (empty when `pos` is past the end).
    @inlinable public func rest(from pos: Int) -> UnsafeRawBufferPointer {
        guard pos >= 0, pos < bytes.count else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return UnsafeRawBufferPointer(rebasing: bytes[pos...])
    }

    @inlinable public mutating func readU8() -> UInt8? {
        guard let v = u8(at: offset) else { return nil }
        offset += 1
        return v
    }

    @inlinable public mutating func readU16() -> UInt16? {
        guard let v = u16(at: offset) else { return nil }
        offset += 2
        return v
    }

    @inlinable public mutating func readU32() -> UInt32? {
        guard let v = u32(at: offset) else { return nil }
        offset += 4
        return v
    }

    @inlinable public mutating func readSlice(_ n: Int) -> UnsafeRawBufferPointer? {
        guard let s = slice(at: offset, count: n) else { return nil }
        offset += n
        return s
    }

    @inlinable public mutating func skip(_ n: Int) -> Bool {
        guard has(n, at: offset) else { return false }
        offset += n
        return true
    }
}

extension UnsafeRawBufferPointer {
    /// Does the buffer start with these ASCII bytes?
    @inlinable public func hasASCIIPrefix(_ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard count >= n else { return false }
        let p = prefix.utf8Start
        for i in 0 ..< n where self[i] != p[i] { return false }
        return true
    }
}
