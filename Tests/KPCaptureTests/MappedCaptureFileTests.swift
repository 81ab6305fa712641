import Foundation
@testable import KPCapture
import XCTest
import KPTestSupport

/// The mapped reading path (MappedCaptureFile): same bytes as the file, pages given
/// back as reading goes on, plain streams for what cannot be mapped.
final class MappedCaptureFileTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        // Files are mapped only once the program has installed the guard (the CLI does at start).
        MappingFaultGuard.install()
        dir = try makeTemporaryDirectory("kpmapped")
    }

    /// `count` bytes: a fixed pseudo-random block of 4,099 bytes (not a divisor of the
    /// page size, so no two pages are alike) repeated.
    func bytes(_ count: Int) -> [UInt8] {
        var x: UInt32 = 0x9E37_79B9
        let block = (0..<4099).map { _ -> UInt8 in x = x &* 1_664_525 &+ 1_013_904_223; return UInt8(x >> 24) }
        var out = [UInt8]()
        out.reserveCapacity(count + block.count)
        while out.count < count { out += block }
        return Array(out.prefix(count))
    }

    func write(_ name: String, _ data: [UInt8]) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(data).write(to: url)
        return url.path
    }

    /// Resident kB of the mapping that starts at `base`: the first "Rss:" line after
    /// its header ("START-END perms ...") in /proc/self/smaps.
    func residentKB(of base: UnsafeMutableRawPointer) throws -> Int {
        guard let smaps = fopen("/proc/self/smaps", "r") else { throw CaptureError("cannot open /proc/self/smaps") }
        defer { fclose(smaps) }
        let start = String(UInt(bitPattern: base), radix: 16) + "-"
        var found = false
        var line = [CChar](repeating: 0, count: 4096)
        while fgets(&line, Int32(line.count), smaps) != nil {
            let text = String(cString: line)
            if text.hasPrefix(start) { found = true }
            if found && text.hasPrefix("Rss:") {
                return Int(text.split(separator: " ")[1])!
            }
        }
        throw CaptureError("no mapping at \(start) in /proc/self/smaps")
    }

    func testStreamReadsTheFileBytesAndPosition() throws {
        let data = bytes(3 * 4096 + 123)
        let mapped = try XCTUnwrap(MappedCaptureFile(path: write("f.bin", data)))
        var out = [UInt8](repeating: 0, count: data.count + 10)
        let n = fread(&out, 1, out.count, mapped.stream)
        XCTAssertEqual(n, data.count)
        XCTAssertEqual(Array(out[0..<n]), data)
        XCTAssertEqual(ftello(mapped.stream), off_t(data.count))
        XCTAssertEqual(fread(&out, 1, 1, mapped.stream), 0, "end of file")
        fclose(mapped.stream)
        mapped.unmap()
    }

    func testReleasedPagesLeaveTheResidentSet() throws {
        let size = 24 << 20
        let path = try write("big.bin", bytes(size))
        // Reads the whole file in 64 KB freads; with `release`, hands back every 1 MB.
        func residentAfterReading(release: Bool) throws -> Int {
            let mapped = try XCTUnwrap(MappedCaptureFile(path: path))
            defer { fclose(mapped.stream); mapped.unmap() }
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            var total = 0
            while true {
                let n = fread(&chunk, 1, chunk.count, mapped.stream)
                if n == 0 { break }
                total += n
                if release && total % (1 << 20) == 0 { mapped.release(upTo: Int64(ftello(mapped.stream))) }
            }
            XCTAssertEqual(total, size)
            return try residentKB(of: mapped.base)
        }
        let kept = try residentAfterReading(release: false)
        let released = try residentAfterReading(release: true)
        // Without release the whole file is resident (the measure works); with it at
        // most the last MB and stdio's read-ahead.
        XCTAssertGreaterThan(kept, 20 << 10)
        XCTAssertLessThan(released, 4 << 10)
    }

    /// Before the end only whole 2 MB blocks are given back (a part of a block would
    /// cost the block its huge-page mapping); at the end, everything.
    func testReleaseGivesBackWholeBlocksThenEverythingAtTheEnd() throws {
        let size = 5 << 20
        let mapped = try XCTUnwrap(MappedCaptureFile(path: try write("blocks.bin", bytes(size))))
        defer { fclose(mapped.stream); mapped.unmap() }
        var chunk = [UInt8](repeating: 0, count: 3 << 20)
        XCTAssertEqual(fread(&chunk, 1, chunk.count, mapped.stream), chunk.count)
        mapped.release(upTo: Int64(3 << 20))
        // Block [0, 2 MB) is gone; [2 MB, 3 MB) was read and stays until its block ends
        // (the kernel may map the rest of that block too, never more).
        let midway = try residentKB(of: mapped.base)
        XCTAssertGreaterThanOrEqual(midway, 1 << 10)
        XCTAssertLessThanOrEqual(midway, 2 << 10)
        mapped.release(upTo: Int64(size))
        XCTAssertEqual(try residentKB(of: mapped.base), 0)
    }

    func testWhatCannotBeMappedIsLeftToAPlainStream() throws {
        XCTAssertNil(MappedCaptureFile(path: "/dev/null"), "a character device")
        XCTAssertNil(MappedCaptureFile(path: dir.path), "a directory")
        XCTAssertNil(MappedCaptureFile(path: try write("empty", [])), "an empty file")
        XCTAssertNil(MappedCaptureFile(path: dir.appendingPathComponent("missing").path))
    }

    /// A pcap of `packets` records of 1,000 bytes: the record's index, then `bytes(_:)`.
    func numberedCapture(packets: Int) -> [UInt8] {
        let caplen = 1000
        var file: [UInt8] = [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0] + [UInt8](repeating: 0, count: 8)
            + [0xff, 0xff, 0, 0, 1, 0, 0, 0]  // snaplen 65535, Ethernet
        file.reserveCapacity(24 + packets * (16 + caplen))
        let payload = bytes(caplen)
        for i in 0..<packets {
            let sec = UInt32(1_700_000_000 + i)
            for v in [sec, 0, UInt32(caplen), UInt32(caplen)] { withUnsafeBytes(of: v.littleEndian) { file += $0 } }
            withUnsafeBytes(of: UInt32(i).littleEndian) { file += $0 }
            file += payload[4...]
        }
        return file
    }

    /// A capture larger than the reader's release interval (8 MB) is read whole and in
    /// order: pages are given back only behind libpcap's position.
    func testLargeCaptureReadsEveryPacket() throws {
        let packets = 12_000
        let payload = bytes(1000)
        let reader = try CaptureFileReader(path: try write("large.pcap", numberedCapture(packets: packets)))
        var seen = 0
        var inOrder = true
        var sameBytes = true
        let end = reader.read(fileIndex: 0) { record in
            let index = record.bytes.loadUnaligned(as: UInt32.self).littleEndian
            if index != UInt32(seen) { inOrder = false }
            if !record.bytes[4...].elementsEqual(payload[4...]) { sameBytes = false }
            seen += 1
        }
        XCTAssertEqual(end, .complete)
        XCTAssertEqual(seen, packets)
        XCTAssertTrue(inOrder)
        XCTAssertTrue(sameBytes)
    }

    /// Resident kB of the mapping of the file at `path` (0 when it is not mapped).
    func residentKB(ofFile path: String) throws -> Int {
        let maps = try String(contentsOfFile: "/proc/self/maps", encoding: .utf8)
        guard let line = maps.split(separator: "\n").first(where: { $0.hasSuffix(" " + path) }),
              let start = UInt(line.prefix(while: { $0 != "-" }), radix: 16),
              let base = UnsafeMutableRawPointer(bitPattern: start) else { return 0 }
        return try residentKB(of: base)
    }

    /// With a filter that matches nothing, the pages read are still handed back as
    /// reading goes on: the filter runs on each record in the reader, so every record
    /// counts (inside libpcap, one call would have read the whole file unseen).
    func testFilterThatMatchesNothingKeepsTheResidentSizeBounded() throws {
        let packets = 24_000
        let path = try write("unmatched.pcap", numberedCapture(packets: packets))
        let reader = try CaptureFileReader(path: path, filter: "greater 5000")
        var calls = 0
        var largest = 0
        let end = reader.read(fileIndex: 0, into: ClosureSink { _ in XCTFail("no packet matches") },
                              progressInterval: 2000) {
            calls += 1
            largest = max(largest, (try? self.residentKB(ofFile: path)) ?? 0)
        }
        XCTAssertEqual(end, .complete)
        XCTAssertEqual(reader.packetsRead, 0)
        XCTAssertEqual(reader.framesRead, packets)
        XCTAssertEqual(calls, packets / 2000, "progress is counted in records read")
        // 24 MB read; at most the release interval (8 MB), a 2 MB block and the
        // prefetch distance resident at once.
        XCTAssertGreaterThan(largest, 0)
        XCTAssertLessThan(largest, 12 << 10)
    }

    /// A file cut short by another program while it is read (here: by the test, at
    /// packet 1,000) ends as cut where its bytes stopped, with the packets before kept,
    /// and the process goes on (MappingFaultGuard turns the SIGBUS into that end).
    func testFileCutWhileReadEndsAsCut() throws {
        let packets = 12_000
        let path = try write("shrinking.pcap", numberedCapture(packets: packets))
        let reader = try CaptureFileReader(path: path)
        let keep = 4 << 20
        var seen = 0
        var inOrder = true
        let end = reader.read(fileIndex: 0) { record in
            if record.bytes.loadUnaligned(as: UInt32.self).littleEndian != UInt32(seen) { inOrder = false }
            seen += 1
            if seen == 1000 { XCTAssertEqual(truncate(path, off_t(keep)), 0) }
        }
        guard case .cut(let offset, let detail) = end else { return XCTFail("expected a cut, got \(end)") }
        XCTAssertTrue(detail.hasSuffix("another program cut the file while it was read: it now ends at byte \(keep)"), detail)
        XCTAssertTrue(inOrder, "no packet of zeros or out of order was kept")
        // Every packet wholly before the cut page, none after the file's new end.
        let perRecord = 1016
        XCTAssertGreaterThanOrEqual(seen, (keep & ~4095 - 24) / perRecord)
        XCTAssertLessThanOrEqual(seen, (keep - 24) / perRecord)
        XCTAssertEqual(offset, Int64(24 + seen * perRecord), "the cut is reported at the first record not kept")
    }
}
