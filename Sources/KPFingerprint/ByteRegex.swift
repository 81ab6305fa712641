// A PCRE2 regex over arbitrary bytes (no UTF mode), compiled once, JIT-compiled where
// the library has a JIT, matched under a match and depth limit so that hostile replies
// cannot make a match run away.
import CPCRE2

/// Flags of an nmap `m|…|flags` pattern.
public struct RegexFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// `i`: case-insensitive.
    public static let caseless = RegexFlags(rawValue: 1)
    /// `s`: `.` also matches a newline.
    public static let dotAll = RegexFlags(rawValue: 2)
}

/// Why a regex did not compile: PCRE2's message and the offset in the pattern.
public struct RegexCompileError: Error, Sendable, Equatable {
    public let message: String
    public let offset: Int
}

/// How a match attempt ended.
public enum RegexOutcome: Equatable {
    /// The regex matched; element i is capture group i (0 = whole match), nil when unset.
    case matched([ArraySlice<UInt8>?])
    case noMatch
    /// The match or depth limit (or the JIT stack) ran out: counted, treated as no match.
    case limitHit
    /// Any other PCRE2 error code.
    case failed(Int32)
}

/// One compiled PCRE2 pattern. pcre2_code is read-only after compiling, so it may be shared;
/// the match data and limits live in a `RegexScratch`, one per thread.
public final class ByteRegex: @unchecked Sendable {
    private let code: OpaquePointer
    /// Whether the JIT compiled this pattern (false: the interpreter runs it).
    public let isJIT: Bool
    /// Number of capture groups in the pattern.
    public let captureCount: Int
    /// The first byte every match starts with, when the pattern pins it (AnchoredFirstByte).
    let firstByte: (UInt8, UInt8)?

    /// Whether this PCRE2 build has a JIT for this machine.
    public static let jitAvailable: Bool = {
        var value: UInt32 = 0
        return pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), &value) >= 0 && value == 1
    }()

    /// Compiles `pattern` (bytes, not UTF-8 text) with nmap's flags; JIT when `jit` and available.
    public init(pattern: [UInt8], flags: RegexFlags, jit: Bool = true) throws(RegexCompileError) {
        var options: UInt32 = 0
        if flags.contains(.caseless) { options |= UInt32(PCRE2_CASELESS) }
        if flags.contains(.dotAll) { options |= UInt32(PCRE2_DOTALL) }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let compiled = pattern.withUnsafeBufferPointer { buffer in
            pcre2_compile_8(buffer.baseAddress ?? UnsafePointer(bitPattern: 1), buffer.count, options,
                            &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw RegexCompileError(message: ByteRegex.message(errorCode), offset: errorOffset)
        }
        code = compiled
        isJIT = jit && ByteRegex.jitAvailable && pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        firstByte = AnchoredFirstByte.of(pattern, flags: flags)
    }

    deinit { pcre2_code_free_8(code) }

    /// Matches `subject` from its start, with `scratch`'s limits.
    public func match(_ subject: [UInt8], scratch: RegexScratch) -> RegexOutcome {
        if let (a, b) = firstByte {
            guard let first = subject.first, first == a || first == b else { return .noMatch }
        }
        let data = scratch.matchData(groups: captureCount + 1)
        let rc = subject.withUnsafeBufferPointer { buffer in
            let start = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)
            // pcre2_jit_match skips pcre2_match's checks of the subject and options: the same
            // result for a pattern the JIT compiled, with the same match limit.
            return isJIT ? pcre2_jit_match_8(code, start, buffer.count, 0, 0, data, scratch.context)
                         : pcre2_match_8(code, start, buffer.count, 0, 0, data, scratch.context)
        }
        switch rc {
        case PCRE2_ERROR_NOMATCH: return .noMatch
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT, PCRE2_ERROR_JIT_STACKLIMIT:
            return .limitHit
        case ..<0: return .failed(rc)
        default: break
        }
        guard let vector = pcre2_get_ovector_pointer_8(data) else { return .failed(rc) }
        let pairs = min(Int(pcre2_get_ovector_count_8(data)), captureCount + 1)
        var groups = [ArraySlice<UInt8>?]()
        groups.reserveCapacity(pairs)
        for i in 0..<pairs {
            let start = vector[2 * i], end = vector[2 * i + 1]
            groups.append(start <= end && end <= subject.count ? subject[start..<end] : nil)
        }
        return .matched(groups)
    }

    static func message(_ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(code, &buffer, buffer.count)
        return n > 0 ? String(decoding: buffer[..<Int(n)], as: UTF8.self) : "PCRE2 error \(code)"
    }
}

/// The per-thread side of matching: PCRE2 match data (grown to the largest pattern seen)
/// and a match context carrying the match and depth limits. Not shareable between threads.
public final class RegexScratch {
    let context: OpaquePointer
    private var data: OpaquePointer
    private var groups: Int
    /// PCRE2's match limit (calls of its internal match function) for every match.
    public let matchLimit: UInt32
    /// PCRE2's depth limit (backtracking depth) for every match; the JIT is bounded by its stack.
    public let depthLimit: UInt32

    /// Limits below PCRE2's defaults (10,000,000 each): nmap's patterns need far less on a
    /// reply of a few kilobytes, and a hostile reply stops within milliseconds.
    public init(matchLimit: UInt32 = 100_000, depthLimit: UInt32 = 10_000) {
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        groups = 10
        data = pcre2_match_data_create_8(UInt32(groups), nil)
    }

    deinit {
        pcre2_match_data_free_8(data)
        pcre2_match_context_free_8(context)
    }

    func matchData(groups needed: Int) -> OpaquePointer {
        if needed > groups {
            pcre2_match_data_free_8(data)
            groups = needed
            data = pcre2_match_data_create_8(UInt32(groups), nil)
        }
        return data
    }
}
