// A probes file with every regex compiled once, up front: what a run loads at start-up
// (`--service-probes`) and shares. pcre2_code (and its JIT code) is read-only after
// compiling, so this may be shared between threads; each thread matches through its own
// `ServiceMatcher(compiled:)`, which holds the PCRE2 scratch space.

/// Every probe's match lines compiled, in file order, and the lines PCRE2 refused.
public final class CompiledServiceProbes: Sendable {
    public let database: ServiceProbeDatabase
    /// Per probe: its lines, compiled (a nil regex: PCRE2 refused the pattern).
    let rules: [[CompiledRule]]
    /// The lines PCRE2 refused, with its message, named by file and line (they never match).
    public let compileErrors: [FingerprintFileError]
    /// Whether the JIT compiled the patterns (PCRE2 built with a JIT for this machine).
    public let jit: Bool

    /// Compiles every pattern of `database` (with the JIT unless `jit` is false).
    public init(_ database: ServiceProbeDatabase, jit: Bool = true) {
        var numbers = ServiceNumbers()
        var errors: [FingerprintFileError] = []
        rules = database.probes.map { probe in
            probe.matches.map { CompiledRule.compile($0, path: database.path, jit: jit, numbers: &numbers, errors: &errors) }
        }
        self.database = database
        compileErrors = errors
        self.jit = jit && ByteRegex.jitAvailable
    }

    /// The lines that did not parse and the patterns that did not compile, in line order.
    public var problems: [FingerprintFileError] {
        (database.errors + compileErrors).sorted { $0.line < $1.line }
    }
}

/// Service names as small numbers, so the matching loop compares integers, not strings.
struct ServiceNumbers {
    private var numbers: [String: Int] = [:]

    mutating func number(_ service: String) -> Int {
        if let n = numbers[service] { return n }
        numbers[service] = numbers.count
        return numbers.count - 1
    }
}

extension CompiledRule {
    /// One match line compiled; a pattern PCRE2 refuses is kept as a line that never matches.
    static func compile(_ rule: MatchRule, path: String, jit: Bool, numbers: inout ServiceNumbers,
                        errors: inout [FingerprintFileError]) -> CompiledRule {
        let service = numbers.number(rule.service)
        do throws(RegexCompileError) {
            let regex = try ByteRegex(pattern: rule.pattern, flags: rule.flags, jit: jit)
            return CompiledRule(regex: regex, isSoft: rule.isSoft, service: service)
        } catch {
            errors.append(FingerprintFileError(path: path, line: rule.line, message: "regex: \(error.message) at offset \(error.offset)"))
            return CompiledRule(regex: nil, isSoft: rule.isSoft, service: service)
        }
    }
}
