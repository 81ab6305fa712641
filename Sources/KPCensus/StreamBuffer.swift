import KPWire

/// The in-order beginning of one direction of a TCP stream, for the decoders that
/// need more than one segment (TLS handshakes, DNS over TCP). Bounded: it stops at
/// `limit` bytes or at the first gap (a missing segment), and says which.
struct StreamBuffer {
    var data: [UInt8] = []
    var nextSeq: UInt32 = 0
    var started = false
    /// No more bytes will be taken (gap, limit, or the reader is satisfied).
    var done = false
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Appends a segment that starts at sequence number `seq`; retransmitted bytes
    /// are skipped. Returns the anomaly that ended the buffer, if this segment did.
    mutating func append(seq: UInt32, _ payload: UnsafeRawBufferPointer) -> AnomalyCode? {
        guard !done, payload.count > 0 else { return nil }
        if !started {
            started = true
            nextSeq = seq
        }
        let delta = Int32(bitPattern: seq &- nextSeq)
        if delta > 0 {
            done = true
            return .streamGap
        }
        let skip = Int(-delta)
        guard skip < payload.count else { return nil }
        let fresh = payload.count - skip
        if data.count + fresh > limit {
            done = true
            return .streamBufferLimit
        }
        data.append(contentsOf: UnsafeRawBufferPointer(rebasing: payload[skip...]))
        nextSeq = nextSeq &+ UInt32(fresh)
        return nil
    }

    /// Drops the first `n` bytes (a framed message that has been read).
    mutating func consume(_ n: Int) {
        data.removeFirst(Swift.min(n, data.count))
    }
}

/// The two directions of one flow's stream.
struct StreamPair {
    var client: StreamBuffer
    var server: StreamBuffer

    /// One direction, borrowed or changed in place (not copied).
    subscript(fromClient: Bool) -> StreamBuffer {
        _read { if fromClient { yield client } else { yield server } }
        _modify { if fromClient { yield &client } else { yield &server } }
    }
}
