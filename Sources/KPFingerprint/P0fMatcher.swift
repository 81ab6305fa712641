// Matching a SYN or SYN+ACK against p0f's signatures, by p0f v3's rules:
// - the option layout, EOL padding and IP options length must be equal; MSS, scale and
//   payload class match unless the signature says `*`;
// - the window matches exactly, as a multiple (`%N`), or as N times the MSS or MTU, where
//   the multiplier is read off the observed window (MSS, MSS-12 with timestamps, the MSS of
//   a 1500-byte Ethernet MTU, then the MTU the same ways);
// - the observed TTL must not exceed the signature's initial TTL; more than 35 hops below it
//   makes the match fuzzy (a `-` TTL only bounds it);
// - quirks must be equal, except that losing `df` or `id+` or gaining `id-` or `ecn` gives a
//   fuzzy match (routers and NAT do that).
// The first exact specific signature wins; else the first generic one; else the first fuzzy
// one (never for user-space tools, class `!`).

/// A label found for an observation, and how far the sender is.
public struct P0fMatch: Sendable, Equatable {
    /// The label the signature sits under.
    public var label: P0fLabel
    /// The signature's line in p0f.fp.
    public var line: Int
    /// Hops between the sender and the capture point: initial TTL minus observed TTL.
    public var distance: Int
    /// The match needed p0f's tolerance (quirks a middlebox changes, or a long distance).
    public var isFuzzy: Bool
}

/// Which p0f section an observation is matched against.
public enum TCPHandshakeRole: Sendable {
    /// A SYN: the client's stack (`[tcp:request]`).
    case syn
    /// A SYN+ACK: the server's stack (`[tcp:response]`).
    case synAck
}

extension P0fDatabase {
    /// p0f's bound on the hop distance before a TTL counts as a mismatch.
    static let maxDistance = 35

    /// The best label for `observation`, or nil when no signature fits.
    public func match(_ observation: TCPSynObservation, role: TCPHandshakeRole) -> P0fMatch? {
        let signatures = role == .syn ? requests : responses
        let multiple = Self.windowMultiple(observation)
        var genericIndex: Int?
        var fuzzyIndex: Int?
        // Indices, not elements: copying each signature out of the array cost most of the time.
        for i in signatures.indices {
            guard let isFuzzy = Self.fits(signatures[i], observation, multiple: multiple, allowFuzzy: fuzzyIndex == nil) else { continue }
            if isFuzzy {
                if fuzzyIndex == nil { fuzzyIndex = i }
            } else if !signatures[i].label.isGeneric {
                let sig = signatures[i]
                return P0fMatch(label: sig.label, line: sig.line, distance: sig.initialTTL - Int(observation.ttl), isFuzzy: false)
            } else if genericIndex == nil {
                genericIndex = i
            }
        }
        let generic = genericIndex.map { signatures[$0] }
        let fuzzy = fuzzyIndex.map { signatures[$0] }
        if let generic {
            return P0fMatch(label: generic.label, line: generic.line, distance: generic.initialTTL - Int(observation.ttl), isFuzzy: false)
        }
        guard let fuzzy, fuzzy.label.osClass != nil else { return nil }
        let ttl = Int(observation.ttl)
        let distance = fuzzy.initialTTL >= ttl && (fuzzy.badTTL || fuzzy.initialTTL - ttl <= Self.maxDistance)
            ? fuzzy.initialTTL - ttl : Self.guessDistance(ttl)
        return P0fMatch(label: fuzzy.label, line: fuzzy.line, distance: distance, isFuzzy: true)
    }

    /// nil: no fit; false: an exact fit; true: a fuzzy one.
    static func fits(_ sig: borrowing P0fSignature, _ o: borrowing TCPSynObservation, multiple: (Int, mtu: Bool)?, allowFuzzy: Bool) -> Bool? {
        guard sig.options == o.options, sig.eolPadding == o.eolPadding, sig.ipOptionsLength == o.ipOptionsLength else { return nil }
        if let v = sig.ipVersion, v != o.ipVersion { return nil }
        var isFuzzy = false
        var expected = sig.quirks
        if sig.ipVersion == nil {
            // A signature for either version: drop the quirks the other version cannot show.
            expected.subtract(o.ipVersion == 4 ? [.flow] : [.df, .nonZeroID, .zeroID])
        }
        if expected != o.quirks {
            let lost = expected.subtracting(o.quirks), gained = o.quirks.subtracting(expected)
            guard allowFuzzy, lost.isSubset(of: [.df, .nonZeroID]), gained.isSubset(of: [.zeroID, .ecn]) else { return nil }
            isFuzzy = true
        }
        let ttl = Int(o.ttl)
        if sig.initialTTL < ttl {
            guard !sig.badTTL else { return nil }
            isFuzzy = true
        } else if !sig.badTTL && sig.initialTTL - ttl > maxDistance {
            isFuzzy = true
        }
        if let mss = sig.mss, mss != o.mss { return nil }
        if let scale = sig.windowScale, scale != o.windowScale { return nil }
        if let payload = sig.hasPayload, payload != o.hasPayload { return nil }
        switch sig.window {
        case .any: break
        case .exact(let w): if w != o.window { return nil }
        case .multiple(let n): if o.window % n != 0 { return nil }
        case .mss(let n): if multiple?.mtu != false || multiple?.0 != n { return nil }
        case .mtu(let n): if multiple?.mtu != true || multiple?.0 != n { return nil }
        }
        return isFuzzy
    }

    /// The window as a multiple of the MSS (mtu false) or of the MTU (mtu true), trying the
    /// divisors in p0f's order; nil when none divides it.
    static func windowMultiple(_ o: TCPSynObservation) -> (Int, mtu: Bool)? {
        let window = Int(o.window), mss = Int(o.mss)
        guard window > 0, mss >= 100 else { return nil }
        let v6 = o.ipVersion == 6
        var divisors: [(Int, Bool)] = [(mss, false)]
        if o.options.contains(.ts) { divisors.append((mss - 12, false)) }
        divisors += [(1500 - 40, false), (1500 - 40 - 12, false)]
        if v6 { divisors += [(1500 - 60, false), (1500 - 60 - 12, false)] }
        divisors += [(mss + 40, true), (mss + o.headerLength, true)]
        if v6 { divisors.append((mss + 60, true)) }
        divisors.append((1500, true))
        guard let hit = divisors.first(where: { $0.0 > 0 && window % $0.0 == 0 }) else { return nil }
        return (window / hit.0, hit.1)
    }

    /// A distance from the TTL alone: up to the next of the usual initial TTLs.
    static func guessDistance(_ ttl: Int) -> Int {
        for initial in [32, 64, 128] where ttl <= initial { return initial - ttl }
        return 255 - ttl
    }
}
