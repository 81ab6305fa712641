// The Initial packets of one QUIC connection, both directions, fed one UDP payload at
// a time. Each datagram's long-header packets are walked (RFC 9000 §12.2); Initials are
// opened with keys from the Destination Connection ID of the client's first Initial
// (RFC 9001 §5.2) — the server's too, as the server protects its Initials with keys
// from that same DCID; only a Retry changes it — and their CRYPTO frames reassembled
// until the first handshake message is whole. Bounded per direction: `maxDatagrams` payloads, `maxInitials` Initial packets and
// QUICCryptoStream.maxBytes of CRYPTO data; then the direction is finished.
import KPWire

/// Decodes the Initial packets of one QUIC connection into its handshake fields.
public struct QUICConnectionDecoder: Sendable {
    /// Payloads read per direction: a ClientHello fits in one to three, with Retry.
    public static let maxDatagrams = 16
    /// Initial packets opened per direction.
    public static let maxInitials = 8

    /// The fields read so far.
    public private(set) var handshake = QUICHandshake()
    /// How often each failure happened; the decoder never throws.
    public private(set) var anomalies: [QUICAnomaly: Int] = [:]

    private var directions = [Direction(), Direction()]
    /// The DCID both sides' Initial keys come from: the client's first Initial's, or
    /// the Source Connection ID of a Retry. Later client Initials may carry the
    /// server's chosen ID instead, still under these keys.
    private var clientDCID: [UInt8]?
    private var keyCache: [KeyCacheEntry] = []

    public init() {}

    /// The version of a UDP payload that opens with an Initial packet kpcensus can
    /// read: the content test that names a flow QUIC on any port, before any decryption.
    public static func initialVersion(_ payload: UnsafeRawBufferPointer) -> QUICVersion? {
        guard case .packet(let header) = QUICLongHeader.parse(ByteCursor(payload), at: 0), header.isInitial else { return nil }
        return header.version
    }

    /// True when neither direction needs more payloads: both hellos read, or their bounds reached.
    public var isFinished: Bool { directions[0].finished && directions[1].finished }

    /// Reads one UDP payload sent by `side`.
    public mutating func add(datagram: UnsafeRawBufferPointer, from side: QUICSide) {
        guard !self[side].finished else { return }
        self[side].datagrams += 1
        if self[side].datagrams >= Self.maxDatagrams { self[side].finished = true }
        let c = ByteCursor(datagram)
        var pos = 0
        while pos < c.count {
            switch QUICLongHeader.parse(c, at: pos) {
            case .notLongHeader:
                return
            case .versionNegotiation:
                if handshake.version == nil { handshake.version = QUICVersion(0) }
                return
            case .retry(let scid):
                if side == .server { retry(newDCID: scid) }
                return
            case .anomaly(let code):
                if code == .unknownVersion, handshake.version == nil, let raw = c.u32(at: pos + 1) {
                    handshake.version = QUICVersion(raw)
                }
                count(code)
                return
            case .packet(let header):
                if handshake.version == nil { handshake.version = header.version }
                if header.isInitial { readInitial(c, header: header, side: side) }
                pos = header.end
            }
        }
    }

    /// Reads one UDP payload held in an array (tests, tools).
    public mutating func add(datagram: [UInt8], from side: QUICSide) {
        datagram.withUnsafeBytes { add(datagram: $0, from: side) }
    }

    private mutating func readInitial(_ c: ByteCursor, header: QUICLongHeader, side: QUICSide) {
        guard !self[side].helloRead else { return }
        guard self[side].initials < Self.maxInitials else {
            count(.tooManyPackets)
            self[side].finished = true
            return
        }
        self[side].initials += 1
        // The first client Initial that opens pins the DCID: a damaged or forged one
        // before it must not make every later packet fail.
        let pinned = clientDCID
        guard let dcid = pinned ?? (side == .client ? header.dcid : nil) else { count(.noClientInitial); return }
        let keys = keys(dcid: dcid, header: header, side: side)
        switch QUICPacketProtection.open(c, header: header, keys: keys) {
        case .failure(let code):
            count(code)
        case .success(let payload):
            if pinned == nil { clientDCID = dcid }
            var overflow = false
            let frameError = payload.withUnsafeBytes { bytes in
                QUICFrames.forEachCrypto(in: bytes) { offset, data in
                    if !self[side].stream.add(offset: offset, data: data) { overflow = true }
                }
            }
            if let frameError { count(frameError) }
            if overflow || self[side].stream.firstMessageTooLong {
                count(.cryptoOverflow)
                self[side].finished = true
                return
            }
            readHello(side: side)
        }
    }

    private mutating func readHello(side: QUICSide) {
        guard let message = self[side].stream.firstMessage else { return }
        let ok = side == .client ? handshake.read(clientHello: message) : handshake.read(serverHello: message)
        if !ok { count(.badHello) }
        self[side].helloRead = true
        self[side].finished = true
        // The reassembled bytes are no longer needed; a finished direction holds none.
        self[side].stream = QUICCryptoStream()
    }

    /// The client starts over with a new DCID, and new keys; what it had sent is void.
    private mutating func retry(newDCID: [UInt8]) {
        clientDCID = newDCID
        if !self[.client].helloRead {
            self[.client].stream = QUICCryptoStream()
            self[.client].initials = 0
        }
    }

    private mutating func keys(dcid: [UInt8], header: QUICLongHeader, side: QUICSide) -> QUICInitialKeys {
        if let hit = keyCache.first(where: { $0.dcid == dcid && $0.version == header.version && $0.side == side }) { return hit.keys }
        let keys = QUICInitialKeys(dcid: dcid, parameters: header.parameters, side: side)
        if keyCache.count >= 4 { keyCache.removeFirst() }
        keyCache.append(KeyCacheEntry(dcid: dcid, version: header.version, side: side, keys: keys))
        return keys
    }

    private mutating func count(_ code: QUICAnomaly) { anomalies[code, default: 0] += 1 }

    /// Mutated in place through the array, so the reassembly buffer is never copied.
    private subscript(side: QUICSide) -> Direction {
        get { directions[side == .client ? 0 : 1] }
        _modify { yield &directions[side == .client ? 0 : 1] }
    }

    private struct Direction: Sendable {
        var stream = QUICCryptoStream()
        var datagrams = 0, initials = 0
        var helloRead = false, finished = false
    }

    private struct KeyCacheEntry: Sendable {
        var dcid: [UInt8]
        var version: QUICVersion
        var side: QUICSide
        var keys: QUICInitialKeys
    }
}
