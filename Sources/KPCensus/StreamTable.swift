/// The reassembly buffers of the TCP flows whose recorders read more than one
/// segment (TLS handshakes, DNS over TCP), by the id a flow keeps in `streams`.
final class StreamTable {
    var pairs: [Int32: StreamPair] = [:]
    private var nextID: Int32 = 0

    /// Appends a segment to one direction of the flow's buffers, made on its first segment.
    @inline(never)
    func append(_ payload: UnsafeRawBufferPointer, seq: UInt32, fromClient: Bool, flow fl: inout FlowState, limit: Int, _ context: RecordingContext) {
        if fl.streams < 0 {
            fl.streams = nextID
            pairs[nextID] = StreamPair(client: StreamBuffer(limit: limit), server: StreamBuffer(limit: limit))
            nextID &+= 1
        }
        let id = fl.streams
        let problem = fromClient ? pairs[id]!.client.append(seq: seq, payload) : pairs[id]!.server.append(seq: seq, payload)
        if let problem { context.count(problem) }
    }

    /// Drops a flow's buffers (the flow ended).
    func remove(_ id: Int32) {
        if id >= 0 { pairs[id] = nil }
    }
}
