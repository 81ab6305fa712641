/// The inventory's `input` section: what was read.
extension Inventory {
    public struct Input: Codable, Equatable, Sendable {
        /// The inputs, in the order given ("-" for standard input).
        public var files: [InputFile] = []
        public var packets = 0
        /// Bytes on the wire (original lengths), summed.
        public var bytes = 0
        /// First and last packet time, ISO 8601 UTC with microseconds; null without packets.
        public var first: String?
        public var last: String?
        /// Packets cut by the snap length (captured < on the wire).
        public var truncatedPackets = 0
        /// Packets whose network layer could not be read (unknown link type, or a
        /// malformed or cut link/IP header): no addresses could be taken from them.
        public var undecodablePackets = 0
        /// Frames of other network protocols than IP and ARP (LLDP, STP, …), not decoded further.
        public var nonIPPackets = 0
        /// The BPF filter applied to every input, or null.
        public var filter: String?
        /// IP fragments: packets that are fragments and distinct (src, dst, proto, ID) datagrams.
        public var fragments = Fragments()
        public init() {}

        enum CodingKeys: String, CodingKey {
            case bytes, files, filter, first, fragments, last
            case nonIPPackets = "non_ip_packets"
            case packets
            case truncatedPackets = "truncated_packets"
            case undecodablePackets = "undecodable_packets"
        }
    }

    public struct Fragments: Codable, Equatable, Sendable {
        public var datagrams = 0
        public var packets = 0
        public init() {}
    }

    public struct InputFile: Codable, Equatable, Sendable {
        /// "pcap" or "pcapng".
        public var format: String
        /// libpcap link-layer type name (EN10MB, LINUX_SLL, LINUX_SLL2, RAW, NULL, …).
        public var linktype: String
        /// Packets read from this file (after the filter).
        public var packets: Int
        /// The path as given on the command line.
        public var path: String
        /// "complete", "cut" (ends inside a record: complete packets kept) or "corrupt" (stopped at a bad record).
        public var status: String
        /// What went wrong and at which byte offset; null when complete.
        public var warning: String?

        public init(path: String, format: String, linktype: String, packets: Int, status: String, warning: String?) { (self.path, self.format, self.linktype, self.packets, self.status, self.warning) = (path, format, linktype, packets, status, warning) }
    }
}
