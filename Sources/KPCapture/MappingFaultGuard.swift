import Foundation

/// Keeps a capture file that another program cuts short while it is mapped (a
/// `tcpdump -W` ring file rewritten, a `truncate`) from ending the process: reading a
/// mapped page past a file's new end raises SIGBUS. The handler puts zero pages over
/// the rest of that mapping, so the read in progress completes, and records where the
/// fault was; the reader sees the mark before using the packet and ends the file there
/// as cut. A SIGBUS anywhere else goes to the handler that was there before.
///
/// A library must not take a process-wide signal on its own: the program installs the
/// guard (`install()`, the CLI does at start). Until then files are not mapped but
/// read through plain streams, which a cut cannot fault.
public enum MappingFaultGuard {
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
    /// The SIGBUS action before `install()`, for faults outside the watched mappings;
    /// written once before the handler is installed, only read by it afterwards.
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 1)
    private static let installLock = NSLock()
    nonisolated(unsafe) private static var installed = false

    /// Whether `install()` has run: files are mapped only then.
    public static var isInstalled: Bool {
        installLock.lock()
        defer { installLock.unlock() }
        return installed
    }

    /// Installs the SIGBUS handler once per process, keeping the action it replaces.
    public static func install() {
        installLock.lock()
        defer { installLock.unlock() }
        guard !installed else { return }
        installed = true
        _ = pageMask  // computed here, never first in the handler
        var action = sigaction()
        action.__sigaction_handler.sa_sigaction = handleBusError
        action.sa_flags = SA_SIGINFO
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, previous)
    }

    /// Watches `length` bytes at `base`: the slot, or nil when the guard is not
    /// installed or every slot is taken.
    static func watch(base: UnsafeMutableRawPointer, length: Int) -> UnsafeMutablePointer<Slot>? {
        guard isInstalled, let i = (0..<capacity).first(where: { slots[$0].end == 0 }) else { return nil }
        let start = UInt(bitPattern: base)
        slots[i] = Slot(start: start, end: start + UInt(length), faultedAt: -1)
        return slots + i
    }

    static func unwatch(_ slot: UnsafeMutablePointer<Slot>) { slot.pointee = Slot(start: 0, end: 0, faultedAt: -1) }

    static let pageMask = ~UInt(sysconf(Int32(_SC_PAGESIZE)) - 1)
}

/// The SIGBUS handler: only system calls and the fixed slot table.
private func handleBusError(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    if let info {
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
    }
    chainToPrevious(signal, info, context)
}

/// Not a watched mapping (or a SIGBUS sent with kill): what the previous action would
/// have done — its handler, nothing when it ignored the signal, else the default
/// action as if there were no handler (delivered when this handler returns).
private func chainToPrevious(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    let previous = MappingFaultGuard.previous.pointee
    if previous.sa_flags & SA_SIGINFO != 0, let handler = previous.__sigaction_handler.sa_sigaction {
        handler(signal, info, context)
        return
    }
    let handler = previous.__sigaction_handler.sa_handler
    let raw = unsafeBitCast(handler, to: Int.self)
    if raw == unsafeBitCast(SIG_IGN, to: Int.self) { return }
    if raw != unsafeBitCast(SIG_DFL, to: Int.self), let handler {
        handler(signal)
        return
    }
    Glibc.signal(SIGBUS, SIG_DFL)
    Glibc.raise(SIGBUS)
}
