import Foundation
import KPCapture
import KPCensus
import KPPipeline
import XCTest
import KPTestSupport

/// A generated suite of damaged captures: cuts, bit flips, impossible lengths,
/// unknown link types, broken pcapng blocks, empty and header-only files. Each must
/// end in a clear error or a warning with the complete packets kept — never a
/// crash, a hang or an exit status above 2.
final class DamagedCaptureTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws { dir = try makeTemporaryDirectory("kpdamaged") }

    func dataset(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: repoRoot.appendingPathComponent("Datasets/captures/\(name)")))
    }

    func write(_ bytes: [UInt8], _ name: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Runs the census in-process: either a CaptureError (bad file) or a result.
    func analyze(_ path: String) -> Result<AnalyzeResult, CaptureError> {
        do { return .success(try Analyzer(paths: [path], filter: nil).run()) } catch let e as CaptureError {
            return .failure(e)
        } catch {
            XCTFail("unexpected error type: \(error)")
            return .failure(CaptureError("\(error)"))
        }
    }

    func packets(_ path: String) -> Int? {
        if case .success(let r) = analyze(path) { return r.inventory.input.packets }
        return nil
    }

    func testEveryCutKeepsTheCompletePackets() throws {
        let whole = try dataset("mail-ssh.pcap")
        let total = try XCTUnwrap(packets(try write(whole, "whole.pcap")))
        var previous = 0
        // Cuts at 200 positions through the file: packet counts never decrease as the cut
        // moves on, and a cut inside a record is a warning, not an error.
        for n in Array(stride(from: 0, to: whole.count, by: max(1, whole.count / 200))) + [whole.count] {
            let path = try write(Array(whole.prefix(n)), "cut-\(n).pcap")
            switch analyze(path) {
            case .failure(let e):
                XCTAssertLessThan(n, 24, "only a cut inside the file header is unreadable (cut at \(n)): \(e)")
                XCTAssertTrue(e.message.contains("not a pcap or pcapng file"), e.message)
            case .success(let r):
                XCTAssertGreaterThanOrEqual(r.inventory.input.packets, previous, "cut at \(n)")
                XCTAssertLessThanOrEqual(r.inventory.input.packets, total)
                XCTAssertTrue(r.errors.isEmpty, "cut at \(n): \(r.errors)")
                previous = r.inventory.input.packets
            }
        }
        XCTAssertEqual(previous, total)
    }

    func testBitFlipsNeverCrash() throws {
        for name in ["http-dns.pcap", "tls-sni.pcap", "two-interfaces.pcapng", "sll2.pcap"] {
            let original = try dataset(name)
            var rng = SplitMix(seed: 0x6b70)
            for trial in 0 ..< 60 {
                var damaged = original
                for _ in 0 ..< 1 + trial % 8 {
                    let at = Int(rng.next() % UInt64(damaged.count))
                    damaged[at] ^= UInt8(1 << (rng.next() % 8))
                }
                // Any outcome but a crash: an error naming the file, or a census.
                switch analyze(try write(damaged, "flip-\(trial)-\(name)")) {
                case .failure(let e): XCTAssertEqual(e.exitCode, 2, e.message)
                case .success(let r): XCTAssertLessThanOrEqual(r.inventory.input.packets, 10_000)
                }
            }
        }
    }

    /// A classic pcap header (little-endian, µs) with the given snaplen and link type.
    func pcapHeader(snaplen: UInt32 = 262_144, linkType: UInt32 = 1) -> [UInt8] {
        le32(0xa1b2_c3d4) + [2, 0, 4, 0] + le32(0) + le32(0) + le32(snaplen) + le32(linkType)
    }

    func le32(_ v: UInt32) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)] }

    func record(_ data: [UInt8], caplen: UInt32? = nil, len: UInt32? = nil) -> [UInt8] {
        le32(1_700_000_000) + le32(0) + le32(caplen ?? UInt32(data.count)) + le32(len ?? UInt32(data.count)) + data
    }

    func testImpossibleLengthsAndHeaders() throws {
        let frame = [UInt8](repeating: 0xab, count: 60)
        // Empty file and a header-only file.
        guard case .failure(let empty) = analyze(try write([], "empty.pcap")) else { return XCTFail("empty file accepted") }
        XCTAssertTrue(empty.message.contains("not a pcap or pcapng file"), empty.message)
        XCTAssertEqual(packets(try write(pcapHeader(), "header-only.pcap")), 0)
        // Zero caplen records are packets with nothing captured: kept and counted as undecodable.
        let zero = try XCTUnwrap(analyze(try write(pcapHeader() + record([], caplen: 0, len: 60) + record(frame), "zero-caplen.pcap")).get())
        XCTAssertEqual(zero.inventory.input.packets, 2)
        XCTAssertEqual(zero.inventory.input.truncatedPackets, 1)
        // A huge caplen stops the file with an error at that record's offset; the packet before it is kept.
        let huge = try XCTUnwrap(analyze(try write(pcapHeader() + record(frame) + record(frame, caplen: 0x7fff_ffff), "huge.pcap")).get())
        XCTAssertEqual(huge.inventory.input.packets, 1)
        XCTAssertEqual(huge.errors.count, 1)
        XCTAssertTrue(huge.errors[0].contains("byte offset \(24 + 16 + 60)"), huge.errors[0])
        // A zero snaplen in the file header: libpcap reads with its own maximum.
        XCTAssertEqual(packets(try write(pcapHeader(snaplen: 0) + record(frame), "zero-snaplen.pcap")), 1)
        // An unknown link type: read, counted as undecodable, and said.
        let unknown = try XCTUnwrap(analyze(try write(pcapHeader(linkType: 147) + record(frame), "user0.pcap")).get())
        XCTAssertEqual(unknown.inventory.input.undecodablePackets, 1)
        XCTAssertTrue(unknown.warnings.first?.contains("not supported") ?? false, "\(unknown.warnings)")
    }

    func testBrokenPcapngBlocks() throws {
        let good = try dataset("two-interfaces.pcapng")
        // Find the first Enhanced Packet Block (type 6) after the section and interface blocks.
        var offset = 0
        var firstEPB = -1
        while offset + 8 <= good.count {
            let type = UInt32(good[offset]) | UInt32(good[offset + 1]) << 8 | UInt32(good[offset + 2]) << 16 | UInt32(good[offset + 3]) << 24
            let len = Int(UInt32(good[offset + 4]) | UInt32(good[offset + 5]) << 8 | UInt32(good[offset + 6]) << 16 | UInt32(good[offset + 7]) << 24)
            if type == 6 { firstEPB = offset; break }
            offset += len
        }
        XCTAssertGreaterThan(firstEPB, 0)
        // A block length that is not a multiple of 4 / points past the end.
        var badLength = good
        badLength[firstEPB + 4] = 0x03
        badLength[firstEPB + 5] = 0x00
        badLength[firstEPB + 6] = 0x00
        badLength[firstEPB + 7] = 0x70
        if case .success(let r) = analyze(try write(badLength, "bad-block-length.pcapng")) {
            XCTAssertEqual(r.inventory.input.packets, 0)
            XCTAssertEqual(r.errors.count + r.warnings.count, 1, "the problem is reported")
        }
        // A packet on an interface that was never declared (interface ID 9).
        var undeclared = good
        undeclared[firstEPB + 8] = 9
        if case .success(let r) = analyze(try write(undeclared, "undeclared-interface.pcapng")) {
            XCTAssertEqual(r.inventory.input.packets, 0)
            XCTAssertEqual(r.errors.count, 1)
        }
    }
}

/// A small seeded generator (SplitMix64) so damaged files are the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
