import Foundation
import CPcap

/// A regular capture file mapped into memory and opened as a read-only stdio stream
/// (`fmemopen`) for libpcap's `pcap_fopen_offline`.
///
/// Why: libpcap reads a file with `fread`, which on a plain stream costs a `read`
/// system call per 4 KB and a kernel copy of every byte; on the 1.5 GB reference
/// capture that was a third of the census time (`make bench`, docs/performance.md).
/// Over a mapping the same `fread`s are user-space copies from the page cache.
///
/// Pages already read are handed back (`release(upTo:)`), so the resident size stays
/// bounded whatever the file size. The file is read as it was when opened: bytes
/// appended later are not seen (a capture still being written ends where it was); if
/// it is cut short meanwhile, `PacketView.cutAt` says where (MappingFaultGuard).
/// Only regular files are mapped; the caller falls back to a plain stream otherwise.
final class MappedCaptureFile {
    let stream: UnsafeMutablePointer<FILE>
    let base: UnsafeMutableRawPointer
    let length: Int
    /// Bytes at the start of the mapping already given back to the kernel.
    private var released = 0
    /// The mapping's slot in MappingFaultGuard (read for every packet through `PacketView`).
    private let guardSlot: UnsafeMutablePointer<MappingFaultGuard.Slot>

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

    /// Pages are given back in whole 2 MB blocks (the huge page size of x86-64 and of
    /// arm64 with 4 KB pages). Linux (6.16 and later, on ext4) can hold a cached file in
    /// 2 MB folios and then maps each with one page-table entry and one fault. Giving
    /// back part of such a block removes its entry, and the rest of the block is then
    /// faulted in again 64 KB at a time. Costs at most 2 MB more resident memory.
    static let releaseBlock = 2 << 20

    /// Gives back the blocks wholly before `offset` (bytes the reader has consumed); at
    /// the end of the file, every page.
    func release(upTo offset: Int64) {
        let consumed = Int(clamping: offset)
        let end = consumed >= length ? length : consumed / Self.releaseBlock * Self.releaseBlock
        guard end > released else { return }
        _ = madvise(base + released, end - released, MADV_DONTNEED)
        released = end
    }

    /// What the reader consults for every packet, as a value: reaching this class
    /// through an optional cost a retain and a release per packet.
    func packetView() -> PacketView {
        PacketView(base: UnsafeRawPointer(base), length: length, guardSlot: UnsafePointer(guardSlot))
    }

    struct PacketView {
        let base: UnsafeRawPointer
        let length: Int
        let guardSlot: UnsafePointer<MappingFaultGuard.Slot>
        /// The mapping is asked for up to here.
        private var prefetched = 0

        init(base: UnsafeRawPointer, length: Int, guardSlot: UnsafePointer<MappingFaultGuard.Slot>) {
            self.base = base
            self.length = length
            self.guardSlot = guardSlot
        }

        /// Where the file turned out shorter than when it was mapped (the offset of the
        /// first page that was gone), or nil.
        var cutAt: Int? {
            let at = guardSlot.pointee.faultedAt
            return at < 0 ? nil : at
        }

        /// How far ahead of the reader the file's bytes are asked for.
        static let prefetchDistance = 32 << 10

        /// Asks the CPU to bring the file's bytes from `offset` (where libpcap's stream
        /// is) to `prefetchDistance` past it into its cache, one 64-byte line at a time.
        /// Why: libpcap copies each record out of the mapping, and that first touch of
        /// the bytes waits on memory. Asked for while the census works on the packet
        /// before, the bytes are mostly there when the copy comes (docs/performance.md).
        /// A prefetch is a hint: it never faults, also past a cut.
        mutating func prefetch(ahead offset: Int) {
            let target = Swift.min(offset + Self.prefetchDistance, length)
            if prefetched < offset { prefetched = offset }
            while prefetched < target {
                kpcensus_prefetch(base + prefetched)
                prefetched += 64
            }
        }
    }

    /// Unmaps the file; call after the stream is closed (`pcap_close` closes it).
    func unmap() {
        MappingFaultGuard.unwatch(guardSlot)
        munmap(base, length)
    }
}
