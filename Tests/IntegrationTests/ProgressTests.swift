import Foundation
import XCTest
import KPTestSupport

/// `analyze` draws a progress bar on a terminal only: through a pseudo-terminal
/// (util-linux `script`) the bar with percentage and ETA appears; into a pipe
/// nothing but the summary is written.
final class ProgressTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try makeTemporaryDirectory("kpprogress") }

    /// A pcap of `count` identical 60-byte UDP frames, 1000 per second (enough packets for progress calls).
    func bigCapture(_ count: Int) throws -> URL {
        var d = Data()
        func le32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        func le16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) } }
        le32(0xa1b2_c3d4); le16(2); le16(4); le32(0); le32(0); le32(65535); le32(1)
        let frame: [UInt8] = [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 8, 0,
                              0x45, 0, 0, 46, 0, 0, 0, 0, 64, 17, 0, 0, 10, 1, 0, 1, 10, 1, 0, 254,
                              0x9c, 0x40, 0, 9, 0, 26, 0, 0] + Array(repeating: 0x78, count: 18)
        d.reserveCapacity(24 + count * (16 + frame.count))
        for i in 0 ..< count {
            le32(UInt32(1_795_000_000 + i / 1000)); le32(UInt32(i % 1000 * 1000)); le32(UInt32(frame.count)); le32(UInt32(frame.count))
            d.append(contentsOf: frame)
        }
        let url = dir.appendingPathComponent("big.pcap")
        try d.write(to: url)
        return url
    }

    func testBarOnATerminalOnly() throws {
        let pcap = try bigCapture(200_000)
        let piped = try KPCensusCLI.run(["analyze", pcap.path])
        XCTAssertEqual(piped.status, 0)
        XCTAssertFalse(piped.stderr.contains("ETA"), piped.stderr)
        XCTAssertFalse(piped.stderr.contains("\r"))

        let log = dir.appendingPathComponent("tty.out")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qec", "\(KPCensusCLI.binary.path) analyze \(pcap.path)", log.path]
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let tty = String(decoding: try Data(contentsOf: log), as: UTF8.self)
        XCTAssertTrue(tty.contains("ETA "), tty)
        XCTAssertTrue(tty.contains("% "), tty)
        XCTAssertTrue(tty.contains("\r\u{1b}[K"), "the bar is erased at the end")
        XCTAssertTrue(tty.contains("200000 packets"))

        let quiet = dir.appendingPathComponent("quiet.out")
        let q = Process()
        q.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        q.arguments = ["-qec", "\(KPCensusCLI.binary.path) analyze -q \(pcap.path)", quiet.path]
        q.standardInput = FileHandle.nullDevice
        q.standardOutput = FileHandle.nullDevice
        try q.run()
        q.waitUntilExit()
        XCTAssertFalse(String(decoding: try Data(contentsOf: quiet), as: UTF8.self).contains("ETA"))
    }
}
