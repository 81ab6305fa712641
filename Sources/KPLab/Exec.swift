import Foundation

/// Runs system tools (`ip`, `nft`, `openssl`, the servers) as child processes.
enum Exec {
    struct Result {
        var status: Int32
        var output: String
    }

    /// Runs `argv` to the end; standard output and error together in `output`.
    @discardableResult
    static func run(_ argv: [String], input: String? = nil) throws -> Result {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("kplab-\(UUID().uuidString)").path
        defer { unlink(tmp); if input != nil { unlink(tmp + ".in") } }
        var stdin = "/dev/null"
        if let input {
            stdin = tmp + ".in"
            try input.write(toFile: stdin, atomically: false, encoding: .utf8)
        }
        let pid = try launch(argv, stdin: stdin, output: tmp)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOfFile: tmp, encoding: .utf8)) ?? ""
        // WIFEXITED / WEXITSTATUS, spelled out (Swift does not import the macros).
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(status: code, output: text)
    }

    /// posix_spawn with standard input from `stdin` and output and error to `output`.
    /// Foundation's Process is avoided: its child monitoring could hang once a
    /// long-lived child (a server) had been started from the same process.
    static func launch(_ argv: [String], stdin: String, output: String, newSession: Bool = false) throws -> pid_t {
        let exe = try path(of: argv[0])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else is inherited: a server holding one of our descriptors (say the
        // pipe a test reads our output from) would keep it open for its whole life.
        guard addCloseFrom(&actions, 3) == 0 else { throw LabError.environment("posix_spawn_file_actions_addclosefrom_np failed (glibc 2.34 or later needed)") }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        // Default signal handling in the child, whatever this process ignores.
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attr, &all)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        // POSIX_SPAWN_SETSID (0x80, glibc 2.26+; not exported to Swift): a server gets
        // a session of its own, away from the terminal's Ctrl-C and hang-up.
        let setsid: Int32 = newSession ? 0x80 : 0
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | setsid))
        let cargs = ([exe] + argv.dropFirst()).map { strdup($0) } + [nil]
        defer { cargs.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, exe, &actions, &attr, cargs, environ)
        guard rc == 0 else {
            throw LabError.environment("cannot start \(exe): \(String(cString: strerror(rc)))")
        }
        return pid
    }

    /// Runs `argv` and throws (exit 3) with its output when it fails.
    @discardableResult
    static func check(_ argv: [String], input: String? = nil) throws -> String {
        let r = try run(argv, input: input)
        guard r.status == 0 else {
            throw LabError.environment("'\(argv.joined(separator: " "))' failed (exit \(r.status)): \(r.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return r.output
    }

    /// Starts `argv` in the background with everything going to `log`; returns its PID.
    /// The child keeps running after this process exits (and is never waited for here).
    static func spawn(_ argv: [String], log: String) throws -> Int32 {
        try launch(argv, stdin: "/dev/null", output: log, newSession: true)
    }

    /// glibc's posix_spawn_file_actions_addclosefrom_np (2.34+), looked up at run
    /// time: Swift's Glibc module does not export it (it needs _GNU_SOURCE).
    static let addCloseFrom: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32 = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") else {
            return { _, _ in ENOSYS }
        }
        return unsafeBitCast(sym, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    static let searchPath = ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin"]

    /// The full path of a tool, or an environment error naming its Debian package.
    static func path(of tool: String) throws -> String {
        if tool.hasPrefix("/") { return tool }
        for dir in searchPath {
            let p = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        let pkg = Environment.packages[tool] ?? tool
        throw LabError.environment("\(tool) not found: install the Debian package \(pkg) (apt-get install \(pkg), or scripts/install-deps.sh test)")
    }
}
