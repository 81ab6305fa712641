import Foundation

/// Keeps a capture file that another program cuts short while it is mapped (a
/// `tcpdump -W` ring file rewritten, a `truncate`) from ending the process: reading a
/// mapped page past a file's new end raises SIGBUS. The handler puts zero pages over
/// the rest of that mapping, so the read in progress completes, and records where the
/// fault was; the reader sees the mark before using the packet and ends the file there
/// as cut. A SIGBUS anywhere else gets the default action, as without the handler.
enum MappingFaultGuard {
    /// Address range of a mapping being read, and the offset of its first fault (-1: none).
    struct Slot {
        var start: UInt
        var end: UInt
        var faultedAt: Int
    }

    /// Mappings watched at once; past that, files are read through plain streams.
    static let capacity = 1024
    /// Fixed storage the signal handler can read without allocating or locking.
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<Slot> = {
        let p = UnsafeMutablePointer<Slot>.allocate(capacity: capacity)
        p.initialize(repeating: Slot(start: 0, end: 0, faultedAt: -1), count: capacity)
        return p
    }()
    nonisolated(unsafe) static var installed = false

    /// Watches `length` bytes at `base`: the slot, or nil when every slot is taken.
    static func watch(base: UnsafeMutableRawPointer, length: Int) -> UnsafeMutablePointer<Slot>? {
        installHandler()
        guard let i = (0..<capacity).first(where: { slots[$0].end == 0 }) else { return nil }
        let start = UInt(bitPattern: base)
        slots[i] = Slot(start: start, end: start + UInt(length), faultedAt: -1)
        return slots + i
    }

    static func unwatch(_ slot: UnsafeMutablePointer<Slot>) { slot.pointee = Slot(start: 0, end: 0, faultedAt: -1) }

    private static func installHandler() {
        guard !installed else { return }
        installed = true
        _ = pageMask  // computed here, never first in the handler
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handleBusError
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, nil)
    }

    static let pageMask = ~UInt(sysconf(Int32(_SC_PAGESIZE)) - 1)
}

/// The SIGBUS handler: only system calls and the fixed slot table.
private func handleBusError(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    guard let info else { return }
    let address = UInt(bitPattern: info.pointee._sifields._sigfault.si_addr)
    let slots = MappingFaultGuard.slots
    for i in 0..<MappingFaultGuard.capacity where slots[i].end != 0 {
        guard address >= slots[i].start, address < slots[i].end else { continue }
        let page = address & MappingFaultGuard.pageMask
        _ = mmap(UnsafeMutableRawPointer(bitPattern: page), Int(slots[i].end - page), PROT_READ,
                 MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1, 0)
        if slots[i].faultedAt < 0 { slots[i].faultedAt = Int(page - slots[i].start) }
        return
    }
    // Not a watched mapping (or a SIGBUS sent with kill): the default action, as if
    // there were no handler (delivered when the handler returns).
    Glibc.signal(SIGBUS, SIG_DFL)
    Glibc.raise(SIGBUS)
}
