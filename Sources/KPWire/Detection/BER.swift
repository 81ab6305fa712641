// The few BER (X.690 §8.1) reads that LDAP and Kerberos detection needs: a tag, a
// definite length (short or long form, at most 4 length bytes) and the content's range.

public struct BERElement {
    public var tag: UInt8
    /// The content's bytes, as offsets into the buffer read.
    public var content: Range<Int>
    /// The offset after the element.
    public var end: Int { content.upperBound }
}

public enum BER {
    /// The element at `pos`, when its header is there and its content fits inside `limit` (default: the end).
    public static func element(_ bytes: UnsafeRawBufferPointer, at pos: Int, limit: Int? = nil) -> BERElement? {
        let c = ByteCursor(bytes)
        let end = Swift.min(limit ?? bytes.count, bytes.count)
        guard let tag = c.u8(at: pos), let first = c.u8(at: pos + 1) else { return nil }
        var length = 0
        var start = pos + 2
        if first < 0x80 {
            length = Int(first)
        } else {
            let n = Int(first & 0x7f)
            guard n >= 1, n <= 4 else { return nil }
            for i in 0 ..< n {
                guard let b = c.u8(at: pos + 2 + i) else { return nil }
                length = length << 8 | Int(b)
            }
            start += n
        }
        guard start <= end, length <= end - start else { return nil }
        return BERElement(tag: tag, content: start ..< start + length)
    }

    /// The children of a constructed element, in order (at most `max`).
    public static func children(_ bytes: UnsafeRawBufferPointer, of e: BERElement, max: Int = 16) -> [BERElement] {
        var out: [BERElement] = []
        var pos = e.content.lowerBound
        while pos < e.content.upperBound, out.count < max, let child = element(bytes, at: pos, limit: e.content.upperBound) {
            out.append(child)
            pos = child.end
        }
        return out
    }

    /// A small non-negative INTEGER's value (at most 4 content bytes).
    public static func integer(_ bytes: UnsafeRawBufferPointer, _ e: BERElement) -> Int? {
        guard e.tag == 0x02, !e.content.isEmpty, e.content.count <= 4 else { return nil }
        var v = 0
        for i in e.content { v = v << 8 | Int(bytes[i]) }
        return v
    }
}
