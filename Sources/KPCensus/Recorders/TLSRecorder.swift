import KPModel
import KPWire

/// TLS (RFC 8446, RFC 5246): the ClientHello's server name and, from a TLS 1.2
/// server, the names its certificates hold, read from the reassembled handshake of
/// each direction. Writes `tls`; server names are sites.
final class TLSRecorder: ProtocolRecorder {
    static let streamLimit = 64 * 1024
    var serverNames: [String: Int] = [:]
    var certificateNames: [String: Int] = [:]

    /// Names the flow by its first payload in one direction: a hello (its type says who sent it).
    static func identify(_ fl: inout FlowState, fromA: Bool, payload: UnsafeRawBufferPointer) -> Bool {
        guard TLSDecoder.looksLikeHandshake(payload) else { return false }
        fl.setRole(aIsClient: payload[5] == 1 ? fromA : !fromA, .content)
        fl.identify(.tls)
        return true
    }

    /// A TCP segment of a TLS flow, until both directions' hellos are read (a check
    /// inline, calls only while the handshake is read).
    @inline(__always)
    func readSegment(_ payload: UnsafeRawBufferPointer, seq: UInt32, fromClient: Bool, flow fl: inout FlowState, server: IPAddress,
                     streams: StreamTable, sites: SitesRecorder, _ context: RecordingContext) {
        guard fl.streams != FlowState.streamsFinished else { return }
        streams.append(payload, seq: seq, fromClient: fromClient, flow: &fl, limit: TLSRecorder.streamLimit, context)
        readHandshake(fromClient: fromClient, flow: &fl, server: server, streams: streams, sites: sites, context)
    }

    /// Reads a TLS hello (and, from the server, TLS 1.2 certificates) once enough bytes are in.
    @inline(never)
    func readHandshake(fromClient: Bool, flow fl: inout FlowState, server: IPAddress, streams: StreamTable, sites: SitesRecorder, _ context: RecordingContext) {
        guard let i = streams.pairs.index(forKey: fl.streams) else { return }
        // A mutating call changes the pair where it is; reading `values[i]` would copy it.
        guard let (hs, complete, bothDone) = streams.pairs.values[i].readTLS(fromClient: fromClient) else { return }
        if fromClient, let hello = hs.clientHello {
            if let name = hello.serverName {
                serverNames[name, default: 0] += 1
                sites.note(name, server: server, .tls, context)
            }
        } else if !fromClient, complete {
            for cert in hs.certificates {
                for name in cert.allNames { certificateNames[name, default: 0] += 1 }
            }
        }
        if let a = hs.anomaly, complete { context.count(a) }
        if bothDone {
            streams.pairs.remove(at: i)
            fl.streams = FlowState.streamsFinished
        }
    }

    func write(into inv: inout Inventory, from all: Recorders) {
        inv.tls.serverNames = TLSRecorder.counted(serverNames)
        inv.tls.certificateNames = TLSRecorder.counted(certificateNames)
    }

    static func counted(_ names: [String: Int]) -> [Inventory.TLSName] {
        names.map { Inventory.TLSName(name: $0.key, count: $0.value) }.sorted { $0.name < $1.name }
    }
}

extension StreamPair {
    /// Parses the TLS handshake buffered in one direction, and marks that direction done
    /// (dropping its bytes) once read: the client's hello, the server's complete flight,
    /// or a complete flight that is bad. nil when nothing is buffered; else the
    /// handshake, whether its bytes are complete, and whether both directions are done.
    mutating func readTLS(fromClient: Bool) -> (TLSHandshake, complete: Bool, bothDone: Bool)? {
        guard !self[fromClient].data.isEmpty else { return nil }
        let hs = self[fromClient].data.withUnsafeBytes { TLSDecoder.parse($0) }
        let complete = !hs.needMore || self[fromClient].done
        if (fromClient && hs.clientHello != nil) || (!fromClient && complete) || (hs.anomaly != nil && complete) {
            self[fromClient].done = true
        }
        if self[fromClient].done { self[fromClient].data = [] }
        return (hs, complete, client.done && server.done)
    }
}
