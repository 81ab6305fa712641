import Foundation
import XCTest
import KPTestSupport

/// `make reports` output: regenerated into a temporary folder with the built
/// binary, it must equal Reports/ byte for byte (and hold the same files).
final class ExampleReportsTests: XCTestCase {
    func testReportsRegenerateByteIdentical() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("kpreports-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let p = Process()
        p.executableURL = repoRoot.appendingPathComponent("scripts/reports.sh")
        p.arguments = [KPCensusCLI.binary.path, tmp.path]
        p.currentDirectoryURL = repoRoot
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let reports = repoRoot.appendingPathComponent("Reports")
        let made = try files(under: tmp)
        XCTAssertEqual(made, try files(under: reports).filter { $0 != "README.md" })
        XCTAssertTrue(made.contains("census.html") && made.contains("census-csv/sites.csv") && made.contains("diff.txt"))
        for name in made {
            XCTAssertEqual(try Data(contentsOf: tmp.appendingPathComponent(name)), try Data(contentsOf: reports.appendingPathComponent(name)),
                           "\(name) differs from Reports/: run `make reports` and check the diff")
        }
    }

    func files(under dir: URL) throws -> [String] {
        let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: [.isRegularFileKey])!
        var out: [String] = []
        for case let url as URL in e where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            out.append(String(url.standardizedFileURL.path.dropFirst(dir.standardizedFileURL.path.count + 1)))
        }
        return out.sorted()
    }
}
