import Foundation
import KPCapture
import KPWire
import XCTest

/// The repository root, found from this file's path.
let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

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
}
