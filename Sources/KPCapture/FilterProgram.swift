import CPcap

/// A `--filter` expression compiled by libpcap for one handle (files and interfaces alike).
enum FilterProgram {
    /// The compiled program (the caller frees it with `pcap_freecode`); throws naming the filter.
    static func compile(_ filter: String, for handle: OpaquePointer) throws -> bpf_program {
        var program = bpf_program()
        guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            let msg = String(cString: pcap_geterr(handle))
            throw CaptureError("--filter '\(filter)': \(msg); give a tcpdump-style filter expression, e.g. 'tcp port 80'")
        }
        return program
    }
}
