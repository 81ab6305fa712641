// The fields of a TCP SYN or SYN+ACK that p0f v3 fingerprints (p0f's README, section 5:
// `ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass`). The census fills a
// TCPSynObservation from KPWire's IP and TCP views; p0f.fp signatures describe many of them.

/// A TCP option as p0f lays options out (`olayout`).
public enum TCPOptionKind: Sendable, Hashable {
    /// End of options; `eol+N` in p0f: N padding bytes follow.
    case eol
    case nop
    case mss
    /// Window scale.
    case ws
    /// SACK permitted.
    case sok
    case sack
    /// Timestamps.
    case ts
    /// Any other kind, `?N` in p0f.
    case other(UInt8)

    /// The option for a TCP option kind byte.
    public init(kind: UInt8) {
        switch kind {
        case 0: self = .eol
        case 1: self = .nop
        case 2: self = .mss
        case 3: self = .ws
        case 4: self = .sok
        case 5: self = .sack
        case 8: self = .ts
        default: self = .other(kind)
        }
    }
}

/// p0f's quirks: oddities of the IP and TCP headers that tell stacks apart.
public struct TCPQuirks: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }
    /// `df`: IPv4 don't-fragment set.
    public static let df = TCPQuirks(rawValue: 1 << 0)
    /// `id+`: DF set and IPv4 ID non-zero.
    public static let nonZeroID = TCPQuirks(rawValue: 1 << 1)
    /// `id-`: DF clear and IPv4 ID zero.
    public static let zeroID = TCPQuirks(rawValue: 1 << 2)
    /// `ecn`: explicit congestion notification in use.
    public static let ecn = TCPQuirks(rawValue: 1 << 3)
    /// `0+`: the IPv4 "must be zero" bit set.
    public static let mustBeZero = TCPQuirks(rawValue: 1 << 4)
    /// `flow`: IPv6 flow label non-zero.
    public static let flow = TCPQuirks(rawValue: 1 << 5)
    /// `seq-`: sequence number zero.
    public static let zeroSeq = TCPQuirks(rawValue: 1 << 6)
    /// `ack+`: ACK number non-zero without the ACK flag.
    public static let nonZeroAck = TCPQuirks(rawValue: 1 << 7)
    /// `ack-`: ACK number zero with the ACK flag.
    public static let zeroAck = TCPQuirks(rawValue: 1 << 8)
    /// `uptr+`: urgent pointer non-zero without URG.
    public static let nonZeroUrgentPointer = TCPQuirks(rawValue: 1 << 9)
    /// `urgf+`: URG flag set.
    public static let urgent = TCPQuirks(rawValue: 1 << 10)
    /// `pushf+`: PSH flag set.
    public static let push = TCPQuirks(rawValue: 1 << 11)
    /// `ts1-`: own timestamp zero.
    public static let zeroTimestamp = TCPQuirks(rawValue: 1 << 12)
    /// `ts2+`: peer timestamp non-zero on a SYN.
    public static let nonZeroPeerTimestamp = TCPQuirks(rawValue: 1 << 13)
    /// `opt+`: non-zero bytes after an EOL option.
    public static let dataPastEOL = TCPQuirks(rawValue: 1 << 14)
    /// `exws`: window scale above 14.
    public static let excessiveWindowScale = TCPQuirks(rawValue: 1 << 15)
    /// `bad`: options that do not parse.
    public static let badOptions = TCPQuirks(rawValue: 1 << 16)

    static let names: [(String, TCPQuirks)] = [
        ("df", .df), ("id+", .nonZeroID), ("id-", .zeroID), ("ecn", .ecn), ("0+", .mustBeZero),
        ("flow", .flow), ("seq-", .zeroSeq), ("ack+", .nonZeroAck), ("ack-", .zeroAck),
        ("uptr+", .nonZeroUrgentPointer), ("urgf+", .urgent), ("pushf+", .push),
        ("ts1-", .zeroTimestamp), ("ts2+", .nonZeroPeerTimestamp), ("opt+", .dataPastEOL),
        ("exws", .excessiveWindowScale), ("bad", .badOptions),
    ]
}

/// What one SYN (or SYN+ACK) carried, in the terms p0f matches on.
public struct TCPSynObservation: Sendable, Equatable {
    /// 4 or 6.
    public var ipVersion: UInt8
    /// The TTL (IPv4) or hop limit (IPv6) as received.
    public var ttl: UInt8
    /// Bytes of IPv4 options or IPv6 extension headers.
    public var ipOptionsLength: Int
    /// The MSS option's value; 0 without one.
    public var mss: UInt16
    /// The TCP window field (unscaled, as on the wire).
    public var window: UInt16
    /// The window scale option's shift; 0 without one.
    public var windowScale: UInt8
    /// The TCP options in wire order.
    public var options: [TCPOptionKind]
    /// Padding bytes after an EOL option.
    public var eolPadding: Int
    public var quirks: TCPQuirks
    /// Whether the segment carries payload (p0f's `pclass` `+`).
    public var hasPayload: Bool
    /// IP plus TCP header bytes: lets a window be read as a multiple of the real MTU.
    public var headerLength: Int

    /// An observation; the defaults are those of a plain SYN (no IP options, no EOL, no payload).
    public init(ipVersion: UInt8, ttl: UInt8, ipOptionsLength: Int = 0, mss: UInt16, window: UInt16,
                windowScale: UInt8, options: [TCPOptionKind], eolPadding: Int = 0, quirks: TCPQuirks,
                hasPayload: Bool = false, headerLength: Int) {
        self.ipVersion = ipVersion
        self.ttl = ttl
        self.ipOptionsLength = ipOptionsLength
        self.mss = mss
        self.window = window
        self.windowScale = windowScale
        self.options = options
        self.eolPadding = eolPadding
        self.quirks = quirks
        self.hasPayload = hasPayload
        self.headerLength = headerLength
    }
}

/// A p0f label: `s:unix:Linux:3.11 and newer` (type:class:name:flavor).
public struct P0fLabel: Sendable, Equatable, CustomStringConvertible {
    /// `g`: a generic signature, used only when no specific one matches.
    public var isGeneric: Bool
    /// OS class (`unix`, `win`, `other`); nil for `!`, a user-space tool such as a scanner.
    public var osClass: String?
    public var name: String
    public var flavor: String

    public var description: String { "\(isGeneric ? "g" : "s"):\(osClass ?? "!"):\(name):\(flavor)" }
}

/// One `sig =` line of p0f.fp under a `[tcp:request]` or `[tcp:response]` label.
public struct P0fSignature: Sendable, Equatable {
    /// The `wsize` field: how the window must look.
    public enum Window: Sendable, Equatable {
        case any
        case exact(UInt16)
        /// `%N`: a multiple of N.
        case multiple(UInt16)
        /// `mss*N`.
        case mss(Int)
        /// `mtu*N`.
        case mtu(Int)
    }

    /// nil: either version (`*`).
    public var ipVersion: UInt8?
    /// Initial TTL.
    public var initialTTL: Int
    /// `64-`: the TTL is random below this bound, so no distance is derived from it.
    public var badTTL: Bool
    public var ipOptionsLength: Int
    /// nil: any MSS.
    public var mss: UInt16?
    public var window: Window
    /// nil: any scale.
    public var windowScale: UInt8?
    public var options: [TCPOptionKind]
    public var eolPadding: Int
    public var quirks: TCPQuirks
    /// nil: any payload class.
    public var hasPayload: Bool?
    public var label: P0fLabel
    /// The line in p0f.fp (1-based).
    public var line: Int
}
