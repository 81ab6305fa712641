// The frames an Initial packet carries (RFC 9000 §17.2.2, §19): PADDING (0x00), PING
// (0x01), ACK (0x02, 0x03 with ECN counts), CRYPTO (0x06: offset, length, data) and
// CONNECTION_CLOSE (0x1c). Anything else in an Initial is a protocol violation.
import KPWire

enum QUICFrames {
    /// Calls `crypto` with each CRYPTO frame's offset and data; fails on a frame that
    /// cannot be read or that an Initial packet may not carry.
    static func forEachCrypto(in payload: UnsafeRawBufferPointer,
                              _ crypto: (UInt64, UnsafeRawBufferPointer) -> Void) -> QUICAnomaly? {
        var c = ByteCursor(payload)
        while c.remaining > 0 {
            guard let type = c.readVarInt() else { return .badFrame }
            switch type {
            case 0x00, 0x01:
                continue
            case 0x02, 0x03:
                guard skipAck(&c, ecn: type == 0x03) else { return .badFrame }
            case 0x06:
                guard let offset = c.readVarInt(), let length = c.readVarInt(),
                      length <= UInt64(c.remaining), let data = c.readSlice(Int(length)) else { return .badFrame }
                crypto(offset, data)
            case 0x1c:
                // The peer closed the connection: nothing after it matters.
                return nil
            default:
                return .badFrame
            }
        }
        return nil
    }

    /// largest, delay, range count, first range, count × (gap, length), [3 ECN counts].
    private static func skipAck(_ c: inout ByteCursor, ecn: Bool) -> Bool {
        guard c.readVarInt() != nil, c.readVarInt() != nil, let ranges = c.readVarInt(), c.readVarInt() != nil else { return false }
        // Each range takes at least two bytes, so a count beyond that is a lie.
        guard ranges <= UInt64(c.remaining / 2) else { return false }
        for _ in 0 ..< ranges {
            guard c.readVarInt() != nil, c.readVarInt() != nil else { return false }
        }
        if ecn {
            for _ in 0 ..< 3 where c.readVarInt() == nil { return false }
        }
        return true
    }
}
