#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import KPWire

/// Reads the records of a classic pcap file (pcap-savefile(5)) straight into one large
/// buffer and hands them over in place. libpcap reads each record with two freads
/// and a copy, about 550 instructions a packet; this costs a few dozen.
///
/// It hands over only records that libpcap would deliver unchanged, and stops at the
/// first one it cannot vouch for (a cut record, a captured length past the snap
/// length, a timestamp field with its top bit set, an I/O error) or at the end of the
/// file: `CaptureFileReader` then lets libpcap read on from there, with libpcap's own
/// checks and messages, so outputs do not depend on which of the two read a record.
struct PcapRecordReader {
    static let fileHeaderSize = 24
    static let recordHeaderSize = 16
    /// libpcap's largest captured length for the link types kpcensus decodes
    /// (MAXIMUM_SNAPLEN); larger ones are errors libpcap reports.
    static let maxSnapLength: UInt32 = 262_144
    /// Several records at the largest captured length fit, so a refill always makes progress.
    static let bufferSize = 1 << 20

    private let fd: Int32
    /// Largest captured length handed over: the file's snap length as libpcap adjusted it.
    private let maxCaptured: UInt32
    /// Nanoseconds per unit of the timestamp's fraction field (1000 for microsecond files).
    private let fractionScale: Int64

    /// Opens `path` for the fast path, or nil when the file is not one libpcap reads
    /// without changing its records: native byte order, version 2.4 or later, the
    /// standard 16-byte record header, and a link type libpcap does not rewrite.
    init?(path: String, snapLength: Int32, linkType: Int32) {
        // libpcap rewrites records only of link types kpcensus does not decode (USB) or
        // of byte-swapped files.
        guard LinkType.supported.contains(linkType) else { return nil }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        var header = (UInt32(0), UInt16(0), UInt16(0))
        let n = withUnsafeMutableBytes(of: &header) { pread(fd, $0.baseAddress, 8, 0) }
        let scale: Int64
        switch header.0 {
        case 0xa1b2_c3d4: scale = 1000        // microsecond timestamps
        case 0xa1b2_3c4d: scale = 1           // nanosecond timestamps
        default: scale = 0                    // swapped, or another record layout
        }
        guard n == 8, scale != 0, header.1 == 2, header.2 >= 4, snapLength > 0 else {
            close(fd)
            return nil
        }
        self.fd = fd
        maxCaptured = Swift.min(UInt32(snapLength), PcapRecordReader.maxSnapLength)
        fractionScale = scale
    }

    func closeFile() { close(fd) }

    /// Hands over the records from file offset `offset` in order as (timestamp in ns,
    /// captured bytes, wire length); returns the offset of the first record it did
    /// not hand over. The bytes are valid only during the call of `body`.
    func read(from offset: Int64, _ body: (Int64, UnsafeRawBufferPointer, Int) -> Void) -> Int64 {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: PcapRecordReader.bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        var fileOffset = offset     // file offset of buffer[0]
        var start = 0               // first unread byte in the buffer
        var end = 0                 // end of the bytes read into the buffer
        while true {
            // Every record that is whole in the buffer.
            while end - start >= PcapRecordReader.recordHeaderSize {
                let h = buffer + start
                let sec = h.loadUnaligned(as: UInt32.self)
                let frac = h.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
                let caplen = h.loadUnaligned(fromByteOffset: 8, as: UInt32.self)
                let len = h.loadUnaligned(fromByteOffset: 12, as: UInt32.self)
                // libpcap reads the timestamp fields as signed in some versions: only
                // values both readings agree on are handed over here.
                guard caplen <= maxCaptured, sec < 0x8000_0000, frac < 0x8000_0000 else {
                    return fileOffset + Int64(start)
                }
                let size = PcapRecordReader.recordHeaderSize + Int(caplen)
                guard end - start >= size else { break }
                let ts = CaptureFileReader.nanoseconds(sec: Int64(sec), nsec: Int64(frac) * fractionScale)
                body(ts, UnsafeRawBufferPointer(start: h + PcapRecordReader.recordHeaderSize, count: Int(caplen)), Int(len))
                start += size
            }
            // Keep the partial record, fill the rest of the buffer.
            let kept = end - start
            if kept > 0 && start > 0 { memmove(buffer, buffer + start, kept) }
            fileOffset += Int64(start)
            start = 0
            end = kept
            let got = fill(buffer + end, count: PcapRecordReader.bufferSize - end, at: fileOffset + Int64(end))
            guard got > 0 else { return fileOffset }
            end += got
        }
    }

    /// Reads up to `count` bytes at file offset `at`; 0 at the end of the file or on an error.
    private func fill(_ to: UnsafeMutableRawPointer, count: Int, at: Int64) -> Int {
        while true {
            let n = pread(fd, to, count, off_t(at))
            if n < 0 && errno == EINTR { continue }
            return Swift.max(0, n)
        }
    }
}
