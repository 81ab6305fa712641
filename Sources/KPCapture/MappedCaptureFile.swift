import Foundation

/// A regular capture file mapped into memory and opened as a read-only stdio stream
/// (`fmemopen`) for libpcap's `pcap_fopen_offline`.
///
/// Why: libpcap reads a file with `fread`, which on a plain stream costs a `read`
/// system call per 4 KB and a kernel copy of every byte; on the 1.5 GB reference
/// capture that was a third of the census time (`make bench`, README "Speed").
/// Over a mapping the same `fread`s are user-space copies from the page cache.
///
/// Pages already read are handed back (`release(upTo:)`), so the resident size stays
/// bounded whatever the file size. The file is read as it was when opened: bytes
/// appended later are not seen (a capture still being written ends where it was); if
/// it is cut short meanwhile, `cutAt` says where (MappingFaultGuard).
/// Only regular files are mapped; the caller falls back to a plain stream otherwise.
final class MappedCaptureFile {
    let stream: UnsafeMutablePointer<FILE>
    let base: UnsafeMutableRawPointer
    let length: Int
    /// Bytes at the start of the mapping already given back to the kernel.
    private var released = 0
    /// The mapping's slot in MappingFaultGuard (read for every packet: kept as a pointer).
    private let guardSlot: UnsafeMutablePointer<MappingFaultGuard.Slot>
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps `path`; nil when it is not a non-empty regular file or cannot be mapped.
    init?(path: String) {
        // Not even opened unless regular: opening a named pipe would take its writer.
        guard regularFileSize(path) != nil else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        // The mapping keeps the file's pages; the descriptor is not needed after mmap.
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size > 0,
              let size = Int(exactly: info.st_size) else { return nil }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else { return nil }
        _ = madvise(map, size, MADV_SEQUENTIAL)
        guard let slot = MappingFaultGuard.watch(base: map, length: size) else {
            munmap(map, size)
            return nil
        }
        guard let file = fmemopen(map, size, "rb") else {
            MappingFaultGuard.unwatch(slot)
            munmap(map, size)
            return nil
        }
        stream = file
        base = map
        length = size
        guardSlot = slot
    }

    /// Where the file turned out shorter than when it was mapped (the offset of the
    /// first page that was gone), or nil.
    var cutAt: Int? {
        let at = guardSlot.pointee.faultedAt
        return at < 0 ? nil : at
    }

    /// Gives back the pages wholly before `offset` (bytes the reader has consumed).
    func release(upTo offset: Int64) {
        let end = Int(clamping: offset) / Self.pageSize * Self.pageSize
        guard end > released, end <= length else { return }
        _ = madvise(base + released, end - released, MADV_DONTNEED)
        released = end
    }

    /// Unmaps the file; call after the stream is closed (`pcap_close` closes it).
    func unmap() {
        MappingFaultGuard.unwatch(guardSlot)
        munmap(base, length)
    }
}
