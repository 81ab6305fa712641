import KPWire

/// One packet as libpcap handed it over: the bytes stay in libpcap's buffer and are
/// valid only during the callback that receives the record.
public struct PacketRecord {
    /// Capture time in nanoseconds since the Unix epoch.
    public var timestamp: Int64
    public var bytes: UnsafeRawBufferPointer
    /// Length on the wire (≥ bytes.count when the snap length cut the packet).
    public var wireLength: Int
    public var linkType: Int32
    /// Which input (0-based, in the order given) and which packet of it (1-based, as Wireshark numbers frames).
    public var fileIndex: Int
    public var packetIndex: Int

    public init(timestamp: Int64, bytes: UnsafeRawBufferPointer, wireLength: Int, linkType: Int32, fileIndex: Int, packetIndex: Int) {
        self.timestamp = timestamp
        self.bytes = bytes
        self.wireLength = wireLength
        self.linkType = linkType
        self.fileIndex = fileIndex
        self.packetIndex = packetIndex
    }
}

/// How reading a file ended.
public enum ReadEnd: Equatable, Sendable {
    /// Every record was read.
    case complete
    /// The file ends inside a record: every complete packet was kept.
    case cut(offset: Int64, detail: String)
    /// A record could not be read (e.g. a corrupt length): reading stopped there.
    case corrupt(offset: Int64, detail: String)
}
