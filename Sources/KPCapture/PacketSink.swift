/// Receives the packets a `CaptureFileReader` reads, one call each. The census is
/// one: a method reached through the protocol costs no closure context or
/// reabstraction thunk per packet, as a closure handed to `read` does.
public protocol PacketSink: AnyObject {
    func ingest(_ packet: PacketRecord)
}

/// A closure as a sink, for callers that read a file once with a few lines of code.
final class ClosureSink: PacketSink {
    let body: (PacketRecord) -> Void

    init(_ body: @escaping (PacketRecord) -> Void) { self.body = body }

    func ingest(_ packet: PacketRecord) { body(packet) }
}
