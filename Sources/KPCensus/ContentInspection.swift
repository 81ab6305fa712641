import KPWire

/// Identification by content: the first payload of each direction says what a
/// flow carries (ports are only a hint), then each protocol's decoder reads the
/// payloads it needs (DNS authority and additional records are only checked: the
/// census keeps questions and answers). Recording what the decoders found is
/// Recorders.swift's job.
extension Census {
    static let tlsStreamLimit = 64 * 1024
    static let dnsStreamLimit = 128 * 1024
    /// `FlowState.streams` of a TLS flow whose hellos were read (no stream buffers any more).

    func inspectTCP(slot: Int, fromA: Bool, frame f: Frame, payload: UnsafeRawBufferPointer, firstInDirection: Bool) {
        if firstInDirection { classify(&flows[slot], fromA: fromA, payload: payload, senderPort: f.srcPort, receiverPort: f.dstPort) }
        let fromClient = flows[slot].roleSource == .none ? true : flows[slot].aIsClient == fromA
        switch flows[slot].app {
        case .http:
            if fromClient {
                if HTTPDecoder.looksLikeRequest(payload) { recordHTTP(payload, server: f.dst, client: f.src) }
            } else if flows[slot].software == nil, let resp = HTTPDecoder.parseResponse(payload) {
                flows[slot].software = resp.server
            }
        case .tls:
            guard flows[slot].streams != FlowState.streamsFinished else { break }
            appendStream(slot: slot, fromClient: fromClient, seq: f.tcpSeq, payload: payload, limit: Census.tlsStreamLimit)
            readTLS(slot: slot, fromClient: fromClient, server: fromClient ? f.dst : f.src)
        case .dns:
            appendStream(slot: slot, fromClient: fromClient, seq: f.tcpSeq, payload: payload, limit: Census.dnsStreamLimit)
            readDNSStream(slot: slot, fromClient: fromClient)
        default:
            break
        }
    }

    /// Reads the first payload of one direction of a TCP flow.
    func classify(_ fl: inout FlowState, fromA: Bool, payload: UnsafeRawBufferPointer, senderPort: UInt16, receiverPort: UInt16) {
        if fl.app == .http || fl.app == .tls { return }
        if HTTPDecoder.looksLikeRequest(payload) {
            fl.setRole(aIsClient: fromA, .content)
            fl.app = .http
            fl.appConfidence = .strong
            return
        }
        if HTTPDecoder.looksLikeResponse(payload) {
            fl.setRole(aIsClient: !fromA, .content)
            fl.app = .http
            fl.appConfidence = .strong
            return
        }
        if TLSDecoder.looksLikeHandshake(payload) {
            fl.setRole(aIsClient: payload[5] == 1 ? fromA : !fromA, .content)
            fl.app = .tls
            fl.appConfidence = .strong
            return
        }
        if fl.app == .dns { return }
        // Greetings start with a status or a name ("SSH-", "220", "+OK", "* OK"), client
        // commands with a letter: anything else is not a text protocol we read.
        let first = payload[0]
        let textual = (first >= 0x41 && first <= 0x5a) || (first >= 0x61 && first <= 0x7a) || (first >= 0x30 && first <= 0x39) || first == 0x2b || first == 0x2a
        if textual, let line = TextLines.firstLine(payload) {
            let senderIsServer = fl.roleSource == .none || fl.aIsClient != fromA
            if senderIsServer, let (service, match) = Banners.identifyServer(firstLine: line, port: senderPort) {
                fl.setRole(aIsClient: !fromA, .content)
                if match.confidence >= fl.appConfidence || fl.app == .unknown {
                    fl.app = AppProtocol(service: service)
                    fl.appConfidence = match.confidence
                    fl.software = match.software
                }
                return
            }
            if let service = Banners.identifyClient(firstLine: line) {
                fl.setRole(aIsClient: fromA, .content)
                fl.clientSaid = AppProtocol(service: service)
                if fl.app == .unknown { fl.app = fl.clientSaid }
                return
            }
        }
        if fl.app == .unknown && (senderPort == 53 || receiverPort == 53) {
            fl.app = .dns
            fl.appConfidence = .weak
        }
    }

    func appendStream(slot: Int, fromClient: Bool, seq: UInt32, payload: UnsafeRawBufferPointer, limit: Int) {
        if flows[slot].streams < 0 {
            flows[slot].streams = nextStreamID
            streams[nextStreamID] = StreamPair(client: StreamBuffer(limit: limit), server: StreamBuffer(limit: limit))
            nextStreamID &+= 1
        }
        let id = flows[slot].streams
        let problem = fromClient ? streams[id]!.client.append(seq: seq, payload) : streams[id]!.server.append(seq: seq, payload)
        if let problem { count(problem) }
    }

    /// Reads a TLS hello (and, from the server, TLS 1.2 certificates) once enough bytes are in.
    func readTLS(slot: Int, fromClient: Bool, server: IPAddress) {
        guard let i = streams.index(forKey: flows[slot].streams) else { return }
        // A mutating call changes the pair where it is; reading `values[i]` would copy it.
        guard let (hs, complete, bothDone) = streams.values[i].readTLS(fromClient: fromClient) else { return }
        if fromClient, let hello = hs.clientHello {
            if let name = hello.serverName { recordSNI(name, server: server) }
        } else if !fromClient, complete {
            for cert in hs.certificates {
                for name in cert.allNames { recordCertificateName(name) }
            }
        }
        if let a = hs.anomaly, complete { count(a) }
        if bothDone {
            streams.remove(at: i)
            flows[slot].streams = FlowState.streamsFinished
        }
    }

    /// Reads every complete length-prefixed DNS message buffered in one direction.
    func readDNSStream(slot: Int, fromClient: Bool) {
        let id = flows[slot].streams
        guard var pair = streams[id] else { return }
        var buffer = fromClient ? pair.client : pair.server
        while buffer.data.count >= 2 {
            let len = Int(buffer.data[0]) << 8 | Int(buffer.data[1])
            guard buffer.data.count >= 2 + len else { break }
            let message = buffer.data.withUnsafeBytes { readAndRecordDNS(UnsafeRawBufferPointer(rebasing: $0[2 ..< 2 + len])) }
            if message != nil {
                flows[slot].app = .dns
                flows[slot].appConfidence = .strong
            } else {
                count(.dnsShort)
            }
            buffer.consume(2 + len)
        }
        if fromClient { pair.client = buffer } else { pair.server = buffer }
        streams[id] = pair
    }

    func inspectUDP(slot: Int, fromA: Bool, frame f: Frame, payload: UnsafeRawBufferPointer) {
        let cut = f.payloadTruncated
        if f.srcPort == 53 || f.dstPort == 53 || flows[slot].app == .dns {
            guard readAndRecordDNS(payload, cut: cut) != nil else {
                count(cut ? .dnsTruncated : .dnsShort)
                return
            }
            flows[slot].app = .dns
            flows[slot].appConfidence = .strong
            return
        }
        if (f.srcPort == 67 || f.srcPort == 68) && (f.dstPort == 67 || f.dstPort == 68) {
            let (message, problem) = DHCPDecoder.parse(payload, cut: cut)
            if let problem { count(problem) }
            if let message {
                flows[slot].app = .dhcp
                flows[slot].appConfidence = .strong
                recordDHCP(message)
                if message.op == 2 && f.srcPort == 67 { recordDHCPServer(f.src, client: message.yourAddress) }
            }
            return
        }
        // DNS on another port: a clean query, then an answer with the same ID.
        guard flows[slot].app == .unknown, payload.count >= 12 else { return }
        let fromClient = flows[slot].aIsClient == fromA
        if fromClient, flows[slot].pendingDNSID < 0, let q = DNSDecoder.parse(payload, extraSections: .checkedOnly), q.anomaly == nil,
           !q.isResponse, q.opcode == 0, q.questions.count == 1, q.answers.isEmpty {
            flows[slot].pendingDNSID = Int32(q.id)   // recorded only once an answer confirms DNS
        } else if !fromClient, flows[slot].pendingDNSID >= 0, let r = DNSDecoder.parse(payload, extraSections: .checkedOnly), r.anomaly == nil,
                  r.isResponse, Int32(r.id) == flows[slot].pendingDNSID {
            flows[slot].app = .dns
            flows[slot].appConfidence = .strong
            recordDNS(r)
        }
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
