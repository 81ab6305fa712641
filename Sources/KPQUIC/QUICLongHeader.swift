// The QUIC long header (RFC 9000 §17.2, §17.2.2 for Initial packets):
//   first(1): form=1 fixed=1 type(2) reserved(2) pn_length(2)  — the low 4 bits protected
//   version(4) dcid_len(1) dcid(0..20) scid_len(1) scid(0..20)
//   Initial only: token_length(varint) token
//   Initial, 0-RTT, Handshake: length(varint) packet_number(1..4) payload
// Version 0 is a Version Negotiation packet; Retry has no Length. Several packets
// may share one datagram (§12.2): each one's Length says where the next begins.
import KPWire

/// One long-header packet of a datagram, with offsets into that datagram.
struct QUICLongHeader {
    /// Where the packet starts in its datagram.
    var start: Int
    var first: UInt8
    var version: QUICVersion
    var dcid: [UInt8]
    var scid: [UInt8]
    /// Where the protected packet number starts.
    var packetNumberOffset: Int
    /// Where this packet ends (the next coalesced packet, if any, starts here).
    var end: Int
    /// True for an Initial packet of a version kpcensus can open.
    var isInitial: Bool
    /// The salt, labels and type bits of the packet's version.
    var parameters: InitialParameters

    enum Parse {
        case packet(QUICLongHeader)
        /// A short-header packet or bytes that are not QUIC: nothing more in the datagram.
        case notLongHeader
        /// A Version Negotiation packet: nothing more in the datagram.
        case versionNegotiation
        /// A Retry packet (RFC 9000 §17.2.5) with the connection ID the client must
        /// now use, and derive its Initial keys from (RFC 9001 §5.2).
        case retry(scid: [UInt8])
        case anomaly(QUICAnomaly)
    }

    /// Parses the long header that starts at `start`.
    static func parse(_ c: ByteCursor, at start: Int) -> Parse {
        guard let first = c.u8(at: start) else { return .anomaly(.truncated) }
        guard first & 0x80 != 0 else { return .notLongHeader }
        guard let raw = c.u32(at: start + 1) else { return .anomaly(.truncated) }
        let version = QUICVersion(raw)
        if raw == 0 { return .versionNegotiation }
        var r = ByteCursor(c.bytes, offset: start + 5)
        guard let dcidLength = r.readU8() else { return .anomaly(.truncated) }
        guard dcidLength <= 20 else { return .anomaly(.malformedHeader) }
        guard let dcid = r.readSlice(Int(dcidLength)), let scidLength = r.readU8() else { return .anomaly(.truncated) }
        guard scidLength <= 20 else { return .anomaly(.malformedHeader) }
        guard let scid = r.readSlice(Int(scidLength)) else { return .anomaly(.truncated) }
        guard let parameters = InitialParameters(version) else { return .anomaly(.unknownVersion) }
        guard first & 0x40 != 0 else { return .anomaly(.malformedHeader) }
        let type = (first >> 4) & 0x03
        let isInitial = type == parameters.initialType
        // Retry is the one type left when Initial, 0-RTT and Handshake are set aside;
        // in both versions it is Initial's type plus three, modulo four.
        if type == (parameters.initialType + 3) & 0x03 { return .retry(scid: Array(scid)) }
        if isInitial {
            guard let tokenLength = r.readVarInt() else { return .anomaly(.truncated) }
            guard tokenLength <= UInt64(r.remaining), r.skip(Int(tokenLength)) else { return .anomaly(.truncated) }
        }
        guard let length = r.readVarInt() else { return .anomaly(.truncated) }
        guard length <= UInt64(r.remaining) else { return .anomaly(.truncated) }
        return .packet(QUICLongHeader(
            start: start, first: first, version: version, dcid: Array(dcid), scid: Array(scid),
            packetNumberOffset: r.offset, end: r.offset + Int(length), isInitial: isInitial, parameters: parameters))
    }
}

extension ByteCursor {
    /// A QUIC variable-length integer (RFC 9000 §16): the top two bits give its size.
    mutating func readVarInt() -> UInt64? {
        guard let head = u8(at: offset) else { return nil }
        let size = 1 << Int(head >> 6)
        guard let bytes = readSlice(size) else { return nil }
        var value = UInt64(head & 0x3f)
        for i in 1 ..< size { value = value << 8 | UInt64(bytes[i]) }
        return value
    }
}
