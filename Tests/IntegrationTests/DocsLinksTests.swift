import Foundation
import KPTestSupport
import XCTest

/// The README stays a front page, and every relative link of README.md and docs/
/// reaches a file that exists (and a heading that exists, when it names one).
final class DocsLinksTests: XCTestCase {
    func testReadmeIsAFrontPageOfAtMost200Lines() throws {
        let readme = try String(contentsOf: repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).count - (readme.hasSuffix("\n") ? 1 : 0)
        XCTAssertLessThanOrEqual(lines, 200)
        XCTAssertTrue(readme.contains("make demo") && readme.contains("make test") && readme.contains("KPCENSUS_SKIP_LAB"))
    }

    func testEveryLinkInReadmeAndDocsResolves() throws {
        let docs = repoRoot.appendingPathComponent("docs")
        let pages = [repoRoot.appendingPathComponent("README.md")]
            + (try FileManager.default.contentsOfDirectory(atPath: docs.path)).filter { $0.hasSuffix(".md") }.sorted().map { docs.appendingPathComponent($0) }
        XCTAssertGreaterThan(pages.count, 10, "docs/ holds a page per verb and contract")
        var checked = 0
        for page in pages {
            let text = try String(contentsOf: page, encoding: .utf8)
            for link in Self.links(in: text) where !link.contains("://") && !link.hasPrefix("mailto:") {
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? page : page.deletingLastPathComponent().appendingPathComponent(parts[0]).standardized
                checked += 1
                guard FileManager.default.fileExists(atPath: target.path) else {
                    XCTFail("\(Self.name(page)): link \(link): \(target.path) does not exist")
                    continue
                }
                if parts.count == 2, target.pathExtension == "md" {
                    let anchors = Self.anchors(in: try String(contentsOf: target, encoding: .utf8))
                    XCTAssertTrue(anchors.contains(parts[1]), "\(Self.name(page)): link \(link): no heading with that anchor in \(target.lastPathComponent) (\(anchors.sorted()))")
                }
            }
        }
        XCTAssertGreaterThan(checked, 50)
    }

    func testAnchorsAreMadeAsGitHubMakesThem() {
        XCTAssertEqual(Self.anchors(in: "## Accuracy (`make accuracy`)\n## Ground truth (`kpcensus.labtruth/1`)\n"),
                       ["accuracy-make-accuracy", "ground-truth-kpcensuslabtruth1"])
        XCTAssertEqual(Self.links(in: "see [a](a.md) and [`b`](b.md#x), not `[c](c.md)` or\n```\n[d](d.md)\n```\n"), ["a.md", "b.md#x"])
    }

    /// A page's path from the repository root, for messages.
    static func name(_ page: URL) -> String {
        String(page.standardized.path.dropFirst(repoRoot.standardized.path.count).drop { $0 == "/" })
    }

    /// Targets of `[text](target)` outside code spans and code blocks.
    static func links(in markdown: String) -> [String] {
        var out: [String] = []
        var inBlock = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inBlock.toggle(); continue }
            if inBlock { continue }
            // Drop code spans: a link inside backticks is an example, not a link.
            let prose = line.split(separator: "`", omittingEmptySubsequences: false).enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined(separator: " ")
            var rest = Substring(prose)
            while let open = rest.range(of: "](") {
                let after = rest[open.upperBound...]
                guard let close = after.firstIndex(of: ")") else { break }
                out.append(String(after[..<close]))
                rest = after[after.index(after: close)...]
            }
        }
        return out
    }

    /// GitHub's heading anchors: lowercased, punctuation but `-` and `_` dropped, spaces as `-`.
    static func anchors(in markdown: String) -> Set<String> {
        var out = Set<String>()
        var inBlock = false
        for line in markdown.split(separator: "\n") {
            if line.hasPrefix("```") { inBlock.toggle(); continue }
            guard !inBlock, line.hasPrefix("#") else { continue }
            let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces).lowercased()
            out.insert(String(title.compactMap { c -> Character? in
                c == " " ? "-" : (c.isLetter || c.isNumber || c == "-" || c == "_") ? c : nil
            }))
        }
        return out
    }
}
