import Foundation
import KPCapture
import KPWire
import XCTest
import KPTestSupport

func capture(_ name: String) -> String { repoRoot.appendingPathComponent("Datasets/captures/\(name)").path }

final class CaptureFileReaderTests: XCTestCase {
    func readAll(_ path: String, filter: String? = nil) throws -> (Int, ReadEnd, CaptureFileReader) {
        let r = try CaptureFileReader(path: path, filter: filter)
        var n = 0
        let end = r.read(fileIndex: 0) { _ in n += 1 }
        return (n, end, r)
    }

    func testLinkTypesOfTheDatasets() throws {
        let expected: [(String, Int32)] = [("http-dns.pcap", LinkType.ethernet), ("sll.pcap", LinkType.linuxSLL),
                                           ("sll2.pcap", LinkType.linuxSLL2), ("raw-ip.pcap", LinkType.raw),
                                           ("null-loop.pcap", LinkType.null), ("two-interfaces.pcapng", LinkType.ethernet)]
        for (name, link) in expected {
            let (n, end, r) = try readAll(capture(name))
            XCTAssertEqual(r.linkType, link, name)
            XCTAssertEqual(end, .complete, name)
            XCTAssertGreaterThan(n, 0, name)
        }
        XCTAssertEqual(try CaptureFileReader(path: capture("two-interfaces.pcapng")).format, "pcapng")
    }

    func testNanosecondTimestampsKept() throws {
        // http-dns.pcap was written with --time-stamp-precision=nano: some packet has a
        // timestamp that is not a whole microsecond.
        let r = try CaptureFileReader(path: capture("http-dns.pcap"))
        var subMicro = false
        _ = r.read(fileIndex: 0) { p in if p.timestamp % 1000 != 0 { subMicro = true } }
        XCTAssertTrue(subMicro)
    }

    func testCutFileKeepsCompletePackets() throws {
        let (n, end, _) = try readAll(capture("cut-record.pcap"))
        guard case .cut(let offset, let detail) = end else { return XCTFail("expected a cut, got \(end)") }
        XCTAssertGreaterThan(n, 0)
        XCTAssertTrue(detail.contains("truncated"))
        // The cut record starts after the last complete one, inside the file.
        let size = try FileManager.default.attributesOfItem(atPath: capture("cut-record.pcap"))[.size] as! Int
        XCTAssertLessThan(Int(offset), size)
        XCTAssertGreaterThan(Int(offset), 24)
    }

    func testCorruptRecordLengthStopsWithOffset() throws {
        let (n, end, _) = try readAll(capture("bad-length.pcap"))
        guard case .corrupt(let offset, _) = end else { return XCTFail("expected corrupt, got \(end)") }
        XCTAssertGreaterThan(n, 0, "packets before the bad record are kept")
        XCTAssertGreaterThan(offset, 24)
    }

    func testNotACaptureMissingAndDirectory() {
        XCTAssertThrowsError(try CaptureFileReader(path: capture("not-a-capture.pcap"))) { e in
            XCTAssertTrue("\(e)".hasSuffix("not-a-capture.pcap: not a pcap or pcapng file"), "\(e)")
            XCTAssertEqual((e as? CaptureError)?.exitCode, 2)
        }
        XCTAssertThrowsError(try CaptureFileReader(path: capture("no-such.pcap"))) { e in
            XCTAssertTrue("\(e)".contains("no-such.pcap: no such file"), "\(e)")
        }
        XCTAssertThrowsError(try CaptureFileReader(path: repoRoot.appendingPathComponent("Datasets").path)) { e in
            XCTAssertTrue("\(e)".contains("is a directory"), "\(e)")
        }
    }

    func testFilterIsCompiledByLibpcap() throws {
        let (all, _, _) = try readAll(capture("http-dns.pcap"))
        let (dns, _, _) = try readAll(capture("http-dns.pcap"), filter: "udp port 53")
        XCTAssertGreaterThan(dns, 0)
        XCTAssertLessThan(dns, all)
        XCTAssertThrowsError(try CaptureFileReader(path: capture("http-dns.pcap"), filter: "port banana")) { e in
            XCTAssertTrue("\(e)".hasPrefix("--filter 'port banana':"), "\(e)")
        }
    }

    /// A filtered packet keeps its frame number in the file (as Wireshark numbers it),
    /// not its rank among the packets that matched.
    func testFilteredPacketsKeepTheirFrameNumbers() throws {
        var frames: [Int: [UInt8]] = [:]
        _ = try CaptureFileReader(path: capture("http-dns.pcap")).read(fileIndex: 0) { p in frames[p.packetIndex] = Array(p.bytes) }
        let r = try CaptureFileReader(path: capture("http-dns.pcap"), filter: "tcp port 80")
        var numbers: [Int] = []
        var otherBytes = 0
        _ = r.read(fileIndex: 0) { p in
            numbers.append(p.packetIndex)
            if frames[p.packetIndex] != Array(p.bytes) { otherBytes += 1 }
        }
        XCTAssertEqual(otherBytes, 0, "each packet has the bytes of the frame its number names")
        XCTAssertEqual(r.packetsRead, numbers.count)
        XCTAssertEqual(r.framesRead, frames.count)
        XCTAssertGreaterThan(numbers.count, 0)
        XCTAssertNotEqual(numbers, Array(1...numbers.count), "the first matching packet is not the file's first")
    }

    /// Writes `data` into a new named pipe from another thread; returns the pipe's path.
    func pipe(_ data: Data) throws -> String {
        let path = try makeTemporaryDirectory("kpfifo").appendingPathComponent("pipe").path
        XCTAssertEqual(mkfifo(path, 0o600), 0)
        Thread.detachNewThread {
            // Blocks until the reader opens the pipe; the captures here fit its buffer.
            let fd = open(path, O_WRONLY)
            guard fd >= 0 else { return }
            _ = data.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
            // A reader that opened the pipe twice would wait for a writer forever:
            // one more open, later, lets it go on to end of file and fail the test.
            Thread.sleep(forTimeInterval: 3)
            let late = open(path, O_WRONLY | O_NONBLOCK)
            if late >= 0 { close(late) }
        }
        return path
    }

    /// `kpcensus analyze <(zcat F.gz)`: a pipe is not sniffed (that would eat its first
    /// bytes) nor mapped; libpcap reads it and tells its format.
    func testPipesAreReadWhole() throws {
        for name in ["http-dns.pcap", "two-interfaces.pcapng", "cut-record.pcap"] {
            let (n, end, r) = try readAll(capture(name))
            let (pn, pend, pr) = try readAll(try pipe(try Data(contentsOf: URL(fileURLWithPath: capture(name)))))
            XCTAssertEqual(pn, n, name)
            XCTAssertEqual(pend, end, name)
            XCTAssertEqual(pr.format, r.format, name)
            XCTAssertNil(pr.size, name)
        }
        XCTAssertThrowsError(try CaptureFileReader(path: try pipe(Data("hello, world\n".utf8)))) { e in
            XCTAssertTrue("\(e)".contains(": not a pcap or pcapng file"), "\(e)")
        }
    }
}
