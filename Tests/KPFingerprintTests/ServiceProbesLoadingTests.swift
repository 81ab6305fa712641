import Foundation
import XCTest
@testable import KPFingerprint

/// How a run gets its probes (`--service-probes`): compiled once, bad files named by line.
final class ServiceProbesLoadingTests: XCTestCase {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kpprobes-\(UUID().uuidString)")

    override func setUpWithError() throws { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
    override func tearDown() { try? FileManager.default.removeItem(at: dir) }

    func file(_ text: String) throws -> String {
        let url = dir.appendingPathComponent(UUID().uuidString)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testAMissingDefaultFileIsANoticeNotAnError() throws {
        let (probes, notice) = try CompiledServiceProbes.load(explicit: nil, defaultPath: dir.appendingPathComponent("none").path)
        XCTAssertNil(probes)
        let text = try XCTUnwrap(notice)
        XCTAssertTrue(text.contains("nmap-common") && text.contains("built-in detectors still run"), text)
    }

    func testTheDebianFileCompilesWhole() throws {
        let (probes, notice) = try CompiledServiceProbes.load(explicit: ServiceProbesParser.defaultPath)
        XCTAssertNil(notice)
        let compiled = try XCTUnwrap(probes)
        XCTAssertEqual(compiled.problems, [])
        XCTAssertEqual(compiled.rules.map(\.count).reduce(0, +), compiled.database.matchCount)
        // A matcher over the compiled set reads as one that compiles on first use.
        let reply = Array(ServiceMatcherTests.openSSH.utf8)
        XCTAssertEqual(ServiceMatcher(compiled: compiled).match(reply: reply),
                       ServiceMatcher(database: compiled.database).match(reply: reply))
    }

    func testABadFileGivenIsAnErrorNamingTheLine() throws {
        func error(_ path: String) -> String {
            do { _ = try CompiledServiceProbes.load(explicit: path); return "no error" } catch { return error.description }
        }
        let missing = dir.appendingPathComponent("missing").path
        XCTAssertEqual(error(missing), "--service-probes \(missing): cannot read the file (give nmap's nmap-service-probes, Debian: /usr/share/nmap/nmap-service-probes)")
        let badLine = try file("Probe TCP NULL q||\nmatch ssh m|^SSH-| p/OpenSSH/\nrarity 12\n")
        XCTAssertEqual(error(badLine), "--service-probes \(badLine):3: rarity must be 1 to 9: fix the file or use Debian's nmap-common one")
        let badRegex = try file("Probe TCP NULL q||\nmatch ssh m|^SSH-(| p/OpenSSH/\nmatch x m|[|\n")
        XCTAssertTrue(error(badRegex).hasPrefix("--service-probes \(badRegex):2: regex: missing closing parenthesis"), error(badRegex))
        XCTAssertTrue(error(badRegex).contains("(and 1 more lines)"), error(badRegex))
        let empty = try file("# nothing\n")
        XCTAssertEqual(error(empty), "--service-probes \(empty): no Probe line: not an nmap-service-probes file")
        let (ok, _) = try CompiledServiceProbes.load(explicit: try file("Probe TCP NULL q||\nmatch ssh m|^SSH-([\\d.]+)-| p/SSH/ v/$1/\n"))
        XCTAssertEqual(ServiceMatcher(compiled: try XCTUnwrap(ok)).match(reply: Array("SSH-2.0-x\r\n".utf8)).identity?.templates.version, "2.0")
    }

    func testHostileRepliesStayBoundedThroughTheCompiledSet() throws {
        // A catastrophic pattern against a reply built to make it backtrack: the match limit
        // stops it, it is counted, and the next line still matches.
        let (probes, _) = try CompiledServiceProbes.load(explicit: try file("Probe TCP NULL q||\nmatch evil m=^(a|aa)+$=\nmatch plain m|^a|\n"))
        let matcher = ServiceMatcher(compiled: try XCTUnwrap(probes))
        let started = Date()
        let result = matcher.match(reply: [UInt8](repeating: UInt8(ascii: "a"), count: 5000) + [UInt8(ascii: "b")])
        XCTAssertLessThan(Date().timeIntervalSince(started), 2)
        XCTAssertEqual(result.anomalies, [.regexLimit])
        XCTAssertEqual(result.identity?.service, "plain")
    }
}
