import Foundation
import KPTestSupport
import XCTest

/// `make install` into a temporary prefix with the build the tests run on: the
/// binary, a man page per verb that names the verb's options, and completions that
/// name the verbs, where man, bash, zsh and fish look for them.
final class InstallTests: XCTestCase {
    func testMakeInstallPutsBinaryManPagesAndCompletionsUnderPrefix() throws {
        let prefix = try makeTemporaryDirectory("kpinstall")
        let built = KPCensusCLI.binary.deletingLastPathComponent()
        let generated = try makeTemporaryDirectory("kpinstall-generated")
        // Beside the binary after `make test`; in .build/debug for the sanitizer builds' folders.
        let tool = [built.appendingPathComponent("generate-manual"), repoRoot.appendingPathComponent(".build/debug/generate-manual")]
            .first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? built.appendingPathComponent("generate-manual")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: tool.path),
                      "\(tool.path) is missing: swift build --product generate-manual (make test builds it)")
        // SKIP_BUILD: `swift test` holds the build folder's lock, a `swift build` here would wait for ever.
        let make = try run(["make", "-s", "install", "SKIP_BUILD=1", "PREFIX=\(prefix.path)",
                            "KPCENSUS_BIN=\(KPCensusCLI.binary.path)", "GENERATE_MANUAL=\(tool.path)",
                            "GENERATED=\(generated.path)"])
        XCTAssertEqual(make.status, 0, make.output)

        let bin = prefix.appendingPathComponent("bin/kpcensus")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: bin.path))
        XCTAssertEqual(try run([bin.path, "--help"]).status, 0)

        let man = prefix.appendingPathComponent("share/man/man1")
        let pages = try FileManager.default.contentsOfDirectory(atPath: man.path)
        for verb in ["analyze", "capture", "scan", "airgap", "report", "diff", "estimate", "lab", "lab-up", "lab-down", "lab-status", "simulate"] {
            XCTAssertTrue(pages.contains("kpcensus-\(verb).1"), "no man page kpcensus-\(verb).1 in \(pages.sorted())")
        }
        XCTAssertTrue(pages.contains("kpcensus.1"))
        let analyze = try String(contentsOf: man.appendingPathComponent("kpcensus-analyze.1"), encoding: .utf8)
        XCTAssertTrue(analyze.contains(".Dt KPCENSUS-ANALYZE 1"), analyze)
        XCTAssertTrue(analyze.contains(#".Nm "kpcensus analyze""#), analyze)
        for option in ["db", "json", "filter", "quiet", "verbose"] {
            XCTAssertTrue(analyze.contains(".It Fl -\(option)") || analyze.contains(", -\(option)"), "kpcensus-analyze.1 does not name --\(option)")
        }
        let top = try String(contentsOf: man.appendingPathComponent("kpcensus.1"), encoding: .utf8)
        XCTAssertTrue(top.contains(".Xr kpcensus-analyze 1"), "kpcensus.1 does not refer to kpcensus-analyze(1)")

        let share = prefix.appendingPathComponent("share")
        let bash = try String(contentsOf: share.appendingPathComponent("bash-completion/completions/kpcensus"), encoding: .utf8)
        let verbs = "analyze capture lab report diff estimate simulate airgap scan"
        XCTAssertTrue(bash.contains(verbs), "the bash completion does not offer the verbs '\(verbs)'")
        XCTAssertTrue(bash.contains("--filter"), "the bash completion does not offer analyze's --filter")
        XCTAssertEqual(try run(["bash", "-n", share.appendingPathComponent("bash-completion/completions/kpcensus").path]).status, 0)
        let zsh = try String(contentsOf: share.appendingPathComponent("zsh/site-functions/_kpcensus"), encoding: .utf8)
        XCTAssertTrue(zsh.hasPrefix("#compdef kpcensus"), String(zsh.prefix(80)))
        let fish = try String(contentsOf: share.appendingPathComponent("fish/vendor_completions.d/kpcensus.fish"), encoding: .utf8)
        XCTAssertTrue(fish.contains("analyze") && fish.contains("airgap"), "the fish completion does not name the verbs")
    }

    private func run(_ argv: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = argv
        p.currentDirectoryURL = repoRoot
        let out = try makeTemporaryDirectory("kpinstall-log").appendingPathComponent("out")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        p.standardOutput = handle
        p.standardError = handle
        try p.run()
        p.waitUntilExit()
        return (p.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "")
    }
}
