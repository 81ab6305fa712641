import KPCensus

/// What `capture` prints: the census summary, the kernel's counters, where the packets went.
public enum CaptureSummary {
    public static func text(_ inv: Inventory, received: UInt32, dropped: UInt32, interfaceDropped: UInt32, writtenTo: String?) -> String {
        let kernel = "capture   \(received) packets received by the filter, \(dropped) dropped by the kernel, "
            + "\(interfaceDropped) dropped by the interface"
        return Summary.text(inv) + kernel + (writtenTo.map { "; written to \($0)" } ?? "") + "\n"
    }
}
