import CPcap
import Foundation
import KPWire

/// Reads a pcap or pcapng file (or "-" for standard input) with libpcap's offline
/// API, nanosecond timestamps, and an optional BPF filter compiled by libpcap.
public final class CaptureFileReader {
    public let path: String
    public let format: String
    public let linkType: Int32
    private let handle: OpaquePointer
    /// The file's mapping when libpcap reads it from memory (regular files).
    private let mapped: MappedCaptureFile?
    /// Read bytes between two hand-backs of the mapping's pages: bounds the resident size.
    private static let releaseInterval = 8 << 20
    /// File offset of the next record. Counted exactly for pcap (16-byte record
    /// headers). For pcapng an estimate (blocks without options), set from libpcap's
    /// stream at every release when mapped: it only steers the prefetch, and `position`
    /// and error offsets ask the stream instead.
    private var nextRecordOffset = 24
    /// The compiled `--filter`, run on each record here rather than inside libpcap
    /// (`pcap_setfilter`): libpcap would skip the records that do not match within one
    /// `pcap_next_ex`, unseen by the reader. Every record must be counted, so that the
    /// mapping's pages are handed back and a packet's number is its frame number.
    private var program = bpf_program()
    private var filtering = false
    /// Packets handed to the sink (those that matched the filter).
    public private(set) var packetsRead = 0
    /// Records read from the file, matching or not.
    public private(set) var framesRead = 0

    public init(path: String, filter: String? = nil) throws {
        self.path = path
        let display = path == "-" ? "standard input" : path
        // A pipe (`<(zcat F.gz)`) cannot be sniffed without losing its first bytes:
        // libpcap reads its header and says what it is.
        let sniffed = path == "-" ? "pcap or pcapng" : try CaptureFileReader.checkFile(path)
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        let precision = UInt32(PCAP_TSTAMP_PRECISION_NANO)
        let mapped = path == "-" ? nil : MappedCaptureFile(path: path)
        let opened: OpaquePointer?
        if let mapped {
            opened = pcap_fopen_offline_with_tstamp_precision(mapped.stream, precision, &errbuf)
            // On failure libpcap leaves the stream to its caller.
            if opened == nil { fclose(mapped.stream); mapped.unmap() }
        } else {
            opened = pcap_open_offline_with_tstamp_precision(path, precision, &errbuf)
        }
        guard let h = opened else {
            let msg = String(cString: errbuf)
            if msg.contains("unknown file format") || msg.contains("truncated dump file") || msg.contains("bad dump file format") {
                throw CaptureError("\(display): not a pcap or pcapng file (libpcap: \(msg)); give a capture written by tcpdump, tshark or dumpcap")
            }
            throw CaptureError("\(display): cannot read as a capture: \(msg)")
        }
        handle = h
        self.mapped = mapped
        // libpcap reports a pcapng section's major version (1); pcap files are 2.x.
        format = sniffed ?? (pcap_major_version(h) == 1 ? "pcapng" : "pcap")
        linkType = pcap_datalink(h)
        if let filter {
            // Every stored property is set: on a bad filter deinit closes the handle.
            program = try FilterProgram.compile(filter, for: h)
            filtering = true
        }
    }

    deinit {
        if filtering { pcap_freecode(&program) }
        pcap_close(handle)  // closes the stream, mapped or not
        mapped?.unmap()
    }

    /// Checks that `path` is a readable file and, when it is a regular file, that it
    /// starts like a capture: returns "pcap" or "pcapng", or nil for a pipe or device.
    static func checkFile(_ path: String) throws -> String? {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw CaptureError("\(path): no such file; check the path")
        }
        if isDir.boolValue { throw CaptureError("\(path): is a directory; give capture files (e.g. \(path)/*.pcap)") }
        // Opening a named pipe here would race its writer: access(2) only.
        if regularFileSize(path) == nil {
            guard access(path, R_OK) == 0 else { throw CaptureError("\(path): cannot be read (permission denied?)") }
            return nil
        }
        guard let fh = FileHandle(forReadingAtPath: path) else {
            throw CaptureError("\(path): cannot be read (permission denied?)")
        }
        defer { try? fh.close() }
        let head = (try? fh.read(upToCount: 4)) ?? Data()
        guard head.count == 4 else {
            throw CaptureError("\(path): not a pcap or pcapng file (only \(head.count) bytes)")
        }
        let magic = head.withUnsafeBytes { UInt32(bigEndian: $0.loadUnaligned(as: UInt32.self)) }
        switch magic {
        case 0x0a0d_0d0a: return "pcapng"
        case 0xa1b2_c3d4, 0xd4c3_b2a1, 0xa1b2_3c4d, 0x4d3c_b2a1: return "pcap"
        default: throw CaptureError("\(path): not a pcap or pcapng file")
        }
    }

    /// Bytes of the file read so far, for progress: exact for pcap (records are
    /// counted), libpcap's stream position for pcapng; 0 for standard input.
    public var position: Int64 {
        if path == "-" { return 0 }
        if format == "pcap" { return Int64(nextRecordOffset) }
        if let file = pcap_file(handle) {
            let pos = ftello(file)
            if pos >= 0 { return Int64(pos) }
        }
        return 0
    }

    /// Size of the file in bytes, or nil for standard input, a pipe or a device.
    public var size: Int64? { path == "-" ? nil : regularFileSize(path) }

    /// Hands every packet to `body`, in file order, and says how the file ended.
    public func read(fileIndex: Int, _ body: (PacketRecord) -> Void) -> ReadEnd {
        withoutActuallyEscaping(body) { read(fileIndex: fileIndex, into: ClosureSink($0)) }
    }

    /// Hands every packet to `sink`, in file order, and says how the file ended;
    /// `progress` is called after every `progressInterval` records of the file.
    public func read<Sink: PacketSink>(fileIndex: Int, into sink: Sink, progressInterval: Int = 0x10000,
                                       progress: (() -> Void)? = nil) -> ReadEnd {
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        let isPcap = format == "pcap"
        // A countdown, not `framesRead % progressInterval`: a division per packet.
        var untilProgress = progressInterval
        var untilRelease = CaptureFileReader.releaseInterval
        var view = mapped?.packetView()
        if view != nil && !isPcap { nextRecordOffset = streamPosition() }
        let filtering = self.filtering
        // Readers of a run are all opened first: an ended file keeps no pages.
        defer { mapped.map { $0.release(upTo: Int64($0.length)) } }
        while true {
            let rc = pcap_next_ex(handle, &header, &data)
            // A packet read across the cut holds zeros, not the file's bytes: not kept.
            if let cut = view?.cutAt {
                return .cut(offset: Int64(isPcap ? nextRecordOffset : cut), detail: cutShortDetail(faultAt: cut))
            }
            if rc == 1, let header, let data {
                framesRead += 1
                let hdr = header.pointee
                let caplen = Int(hdr.caplen)
                nextRecordOffset += isPcap ? 16 + caplen : 32 + (caplen + 3) & ~3
                if view != nil {
                    view!.prefetch(ahead: nextRecordOffset)
                    untilRelease -= caplen
                    if untilRelease <= 0 {
                        untilRelease = CaptureFileReader.releaseInterval
                        nextRecordOffset = streamPosition()
                        mapped?.release(upTo: Int64(nextRecordOffset))
                    }
                }
                if !filtering || pcap_offline_filter(&program, header, data) != 0 {
                    packetsRead += 1
                    let ts = CaptureFileReader.nanoseconds(sec: Int64(hdr.ts.tv_sec), nsec: Int64(hdr.ts.tv_usec))
                    sink.ingest(PacketRecord(timestamp: ts, bytes: UnsafeRawBufferPointer(start: data, count: caplen),
                                             wireLength: Int(hdr.len), linkType: linkType,
                                             fileIndex: fileIndex, packetIndex: framesRead))
                }
                untilProgress -= 1
                if untilProgress == 0 {
                    untilProgress = progressInterval
                    progress?()
                }
                continue
            }
            if rc == PCAP_ERROR_BREAK { return .complete }
            let detail = String(cString: pcap_geterr(handle))
            let offset = errorOffset()
            return detail.contains("truncated") ? .cut(offset: offset, detail: detail) : .corrupt(offset: offset, detail: detail)
        }
    }

    /// The largest timestamp magnitude kept (about year 2116): damaged records can carry
    /// any 64-bit time, and arithmetic on times (idle timeouts) must not overflow.
    static let maxTimestamp: Int64 = 1 << 62

    /// Seconds and nanoseconds as one nanosecond count, clamped to ±`maxTimestamp`.
    static func nanoseconds(sec: Int64, nsec: Int64) -> Int64 {
        let (ns, overflow) = sec.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return sec < 0 ? -maxTimestamp : maxTimestamp }
        let (sum, overflow2) = ns.addingReportingOverflow(nsec)
        if overflow2 { return maxTimestamp }
        return Swift.max(-maxTimestamp, Swift.min(maxTimestamp, sum))
    }

    /// What to say of a file another program cut short while it was mapped: its size
    /// now (bytes between it and the faulting page read as zeros), or the fault's offset.
    private func cutShortDetail(faultAt cut: Int) -> String {
        if let now = regularFileSize(path), now <= Int64(cut) {
            return "another program cut the file while it was read: it now ends at byte \(now)"
        }
        return "another program cut the file while it was read: its bytes from offset \(cut) were gone"
    }

    /// The offset libpcap's stream has reached in the file (0 if unknown).
    private func streamPosition() -> Int {
        guard let file = pcap_file(handle) else { return 0 }
        return max(Int(ftello(file)), 0)
    }

    /// Where reading stopped: the start of the failed record for pcap; for pcapng
    /// (variable block layout) the position libpcap's stream had reached.
    private func errorOffset() -> Int64 {
        if format == "pcap" || path == "-" { return Int64(nextRecordOffset) }
        if let file = pcap_file(handle) {
            let pos = ftello(file)
            if pos >= 0 { return Int64(pos) }
        }
        return -1
    }
}

/// The size of `path` when it is a regular file; nil for a pipe, a device, a directory
/// or a path that cannot be looked at.
func regularFileSize(_ path: String) -> Int64? {
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
    return Int64(info.st_size)
}
