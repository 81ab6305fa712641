// The scanner's receiver reads replies on a thread of its own and is stopped
// from the sending thread: `stop()` is the only call made from another thread,
// and it is safe there (the flag is behind a lock, pcap_breakloop is meant for it).
// `run` and the rest are called from one thread at a time.
extension LiveCapture: @unchecked Sendable {}
