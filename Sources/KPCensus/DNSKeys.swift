import KPWire

// The keys of the DNS tables, looked up for every question and answer. DNSDecoder
// renders names and record data in ASCII (other bytes escaped), where equal strings
// are equal bytes: the bytes are hashed with FastHash, eight at a time, instead of
// a SipHash round per lookup.

struct DNSKey: FastHashable {
    var name: String
    var type: UInt16

    func fastHash(seed: UInt64) -> UInt64 {
        UTF8Hash.of(name, seed: seed ^ UInt64(type))
    }
}

struct DNSAnswerKey: FastHashable {
    var name: String
    var type: UInt16
    var data: String

    func fastHash(seed: UInt64) -> UInt64 {
        UTF8Hash.of(data, seed: UTF8Hash.of(name, seed: seed ^ UInt64(type)))
    }
}

enum UTF8Hash {
    /// A FastHash of the string's UTF-8 bytes (and their count), eight bytes at a time.
    static func of(_ text: String, seed: UInt64) -> UInt64 {
        var text = text
        return text.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var h = FastHash.mix(seed, UInt64(raw.count))
            var i = 0
            while i + 8 <= raw.count {
                h = FastHash.mix(h, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            var tail: UInt64 = 0
            while i < raw.count {
                tail = tail << 8 | UInt64(raw[i])
                i += 1
            }
            return FastHash.mix(h, tail)
        }
    }
}
