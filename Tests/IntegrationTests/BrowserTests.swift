import Foundation
import XCTest
import KPTestSupport

/// The HTML report in a real browser: headless Chromium (Debian package
/// `chromium`, installed by `scripts/install-deps.sh test`) renders it to a PNG and
/// dumps the DOM it built, which must hold every section and chart.
final class BrowserTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try makeTemporaryDirectory("kpbrowser") }

    static var chromium: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs headless Chromium with a profile of its own in the temporary folder; stops it after 90 s.
    func chromium(_ args: [String]) throws -> (status: Int32, stdout: String) {
        let binary = try XCTUnwrap(Self.chromium, "chromium is not installed: run scripts/install-deps.sh test")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                       "--user-data-dir=\(dir.appendingPathComponent("profile").path)"] + args
        let out = dir.appendingPathComponent("chromium-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let handle = try FileHandle(forWritingTo: out)
        defer { try? handle.close() }
        p.standardOutput = handle
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(90)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if p.isRunning {
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            XCTFail("chromium did not finish within 90 s")
        }
        return (p.terminationStatus, try String(contentsOf: out, encoding: .utf8))
    }

    func testHTMLReportRendersInChromium() throws {
        let db = dir.appendingPathComponent("c.sqlite").path
        let html = dir.appendingPathComponent("report.html")
        XCTAssertEqual(try KPCensusCLI.run(["analyze", "-q", "Datasets/captures/http-dns.pcap", "Datasets/captures/mail-ssh.pcap", "--db", db]).status, 0)
        let r = try KPCensusCLI.run(["report", "--db", db, "--format", "html", "--out", html.path])
        XCTAssertEqual(r.status, 0, r.stderr)

        let dom = try chromium(["--dump-dom", html.absoluteString])
        XCTAssertEqual(dom.status, 0)
        for id in ["overview", "sites", "users", "services", "hosts", "dns", "airgap", "quality", "activity", "method"] {
            XCTAssertTrue(dom.stdout.contains("<section id=\"\(id)\">"), "section \(id) missing from the rendered DOM")
        }
        for id in ["chart-services", "chart-sites-by-category", "chart-estimates", "chart-activity"] {
            XCTAssertTrue(dom.stdout.contains("<svg id=\"\(id)\""), "chart \(id) missing from the rendered DOM")
        }
        // Bars were drawn: one per protocol of mail-ssh and http-dns (dns, http, imap, pop3, smtp, ssh).
        XCTAssertGreaterThanOrEqual(dom.stdout.components(separatedBy: "<rect class=\"bar\"").count - 1, 6)
        XCTAssertTrue(dom.stdout.contains("<td>rodong.rep.kp</td>"))

        let png = dir.appendingPathComponent("report.png")
        let shot = try chromium(["--screenshot=\(png.path)", "--window-size=1200,3000", html.absoluteString])
        XCTAssertEqual(shot.status, 0)
        let data = try Data(contentsOf: png)
        XCTAssertEqual(Array(data.prefix(8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "not a PNG")
        // Width and height from the IHDR chunk, and a size only a drawn page reaches
        // (a blank 1200×3000 page compresses to a few kilobytes).
        let width = data[16 ..< 20].reduce(0) { $0 << 8 | Int($1) }, height = data[20 ..< 24].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual(width, 1200)
        XCTAssertEqual(height, 3000)
        XCTAssertGreaterThan(data.count, 60_000)
    }
}
