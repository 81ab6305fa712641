import Foundation
import KPCapture
import KPCensus
import KPLab
import KPPipeline
import KPProbe
import KPSim
import KPWire

/// The fuzz targets: one entry per reader of untrusted bytes, each taking one input.
/// The same functions run under libFuzzer (`kpfuzz` built with -sanitize=fuzzer) and
/// in the tests, which replay every committed regression input.
public enum FuzzTargets {
    /// Target name → entry point: the decoders' targets here and each other file's `all`.
    public static let all = decoders.merging(FingerprintFuzzTargets.all) { own, _ in own }
        .merging(WireFingerprintFuzzTargets.all) { own, _ in own }
        .merging(UDPDetectionFuzzTargets.all) { own, _ in own }

    static let decoders: [String: (UnsafeRawBufferPointer) -> Void] = [
        "census": census,
        "dns": { _ = DNSDecoder.parse($0) },
        "http": { bytes in
            _ = HTTPDecoder.parseRequests(bytes)
            _ = HTTPDecoder.parseResponse(bytes)
        },
        "tls": { _ = TLSDecoder.parse($0) },
        "x509": { _ = X509Decoder.names($0) },
        "banner": { bytes in
            if let line = TextLines.firstLine(bytes) {
                _ = Banners.identifyServer(firstLine: line, port: 25)
                _ = Banners.identifyClient(firstLine: line)
            }
        },
        "dhcp": { _ = DHCPDecoder.parse($0) },
        "detectors": detectors,
        "ssh-kex": { _ = SSHDecoder.serverKex($0) },
        "probe-replies": probeReplies,
        "capture-file": captureFile,
        "lab-spec": { bytes in withFile(bytes, "json") { _ = try? LabSpec.load(path: $0) } },
        "sim-spec": { bytes in withFile(bytes, "json") { path in _ = try? SimSpec.load(path: path) } },
    ]

    /// Runs `body` on a temporary file holding `bytes` (for readers that take paths).
    static func withFile(_ bytes: UnsafeRawBufferPointer, _ ext: String, _ body: (String) -> Void) {
        let path = NSTemporaryDirectory() + "kpfuzz-\(getpid()).\(ext)"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { unlink(path) }
        body(path)
    }

    /// Link types the census target cycles through (chosen by the input's first byte).
    static let linkTypes: [Int32] = [LinkType.ethernet, LinkType.linuxSLL, LinkType.linuxSLL2, LinkType.raw,
                                     LinkType.ipv4, LinkType.ipv6, LinkType.null, LinkType.loop]

    /// Frames of any link type through the whole census, several packets per input so
    /// flows, stream reassembly and application decoders all see state: byte 0 picks
    /// the link type, then each packet is a 2-byte big-endian length and its bytes.
    static func census(_ bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first else { return }
        let link = linkTypes[Int(first) % linkTypes.count]
        let census = Census()
        var pos = 1
        var n = 0
        while pos + 2 <= bytes.count {
            let len = Swift.min(Int(bytes[pos]) << 8 | Int(bytes[pos + 1]), bytes.count - pos - 2)
            let packet = UnsafeRawBufferPointer(rebasing: bytes[pos + 2 ..< pos + 2 + len])
            n += 1
            census.ingest(PacketRecord(timestamp: Int64(n) * 1_000_000, bytes: packet, wireLength: len + Int(first & 0x0f),
                                       linkType: link, fileIndex: 0, packetIndex: n))
            pos += 2 + len
        }
        _ = census.finish()
    }

    /// What scanned hosts send back, through every probe module: byte 0 picks the
    /// module, the rest is the reply (an IP packet for icmp/syn, a stream or datagram
    /// payload for the others), validated and classified as the scanner does.
    static func probeReplies(_ bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first else { return }
        let module = ProbeRegistry.all[Int(first) % ProbeRegistry.all.count]
        let reply = Array(bytes.dropFirst())
        let ctx = ProbeContext(cookie: ValidationCookie(key0: 1, key1: 2), source: 0x0A4C_0001)
        let target = ProbeTarget(addr: IPAddress(v4: 0x0A4C_0035), port: 53, name: "kp")
        _ = module.complete(reply)
        if let t = module.validate(reply, from: target, ctx) { _ = module.classify(reply, t) }
        _ = module.classify(reply, target)
    }

    /// The file reading path (libpcap and kpcensus's own checks) on a whole file.
    static func captureFile(_ bytes: UnsafeRawBufferPointer) {
        withFile(bytes, "pcap") { _ = try? Analyzer(paths: [$0], filter: nil).run() }
    }

    /// Splits a capture's packets into seed inputs for every target (`kpfuzz --seeds`).
    public static func seeds(from path: String, into dir: URL) throws {
        let reader = try CaptureFileReader(path: path)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var censusInput: [UInt8] = [UInt8(linkTypes.firstIndex(of: reader.linkType) ?? 0)]
        func write(_ target: String, _ id: String, _ bytes: [UInt8]) {
            let folder = dir.appendingPathComponent(target)
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: folder.appendingPathComponent("\(name)-\(id)").path, contents: Data(bytes))
        }
        _ = reader.read(fileIndex: 0) { p in
            if censusInput.count < 60_000 {
                censusInput += [UInt8(p.bytes.count >> 8 & 0xff), UInt8(p.bytes.count & 0xff)] + Array(p.bytes)
            }
            let f = FrameDecoder.decode(linkType: p.linkType, bytes: p.bytes, wireLength: p.wireLength)
            guard f.payloadLength > 0 else { return }
            let payload = Array(p.bytes[f.payloadOffset ..< f.payloadOffset + f.payloadLength])
            let id = String(p.packetIndex)
            if f.srcPort == 53 || f.dstPort == 53 { write("dns", id, f.proto == 6 ? Array(payload.dropFirst(2)) : payload) }
            if f.srcPort == 67 || f.dstPort == 67 { write("dhcp", id, payload) }
            if payload.starts(with: Array("GET ".utf8)) || payload.starts(with: Array("HTTP/1.".utf8)) {
                write("http", id, payload)
                write("fingerprints", id, payload)
            }
            if payload.first == 0x16 {
                write("tls", id, payload)
                write("fingerprints", id, payload)
            }
            if f.srcPort == 22 || f.dstPort == 22 {
                if f.srcPort == 22 { write("ssh-kex", id, payload) }
                write("fingerprints", id, payload)
            }
            // A server's reply through the NULL probe (byte 0 = 0, the file's first probe).
            if f.srcPort < 1024 { write("service-match", id, [0] + payload) }
            write("detectors", id, [f.proto == 17 ? 4 : 0, UInt8(f.srcPort >> 8), UInt8(f.srcPort & 0xff)] + payload)
            if f.proto == 17 { write("detectors-udp", id, [UInt8(p.packetIndex & 0xff), 0] + payload) }
            // Replies as the scanner meets them: each module gets the server's payload,
            // and the whole IP packet for the packet-layer ones (icmp, syn).
            if f.srcPort < 1024, f.network == .ipv4, let link = ipOffset(p.linkType, f), link < p.bytes.count {
                let ip = Array(p.bytes[link...])
                for (i, m) in ProbeRegistry.all.enumerated() {
                    write("probe-replies", "\(id)-\(m.name)", [UInt8(i)] + (m.layer == .packet ? ip : payload))
                }
            }
            if let b = payload.first, b == UInt8(ascii: "S") || b == UInt8(ascii: "2") || b == UInt8(ascii: "+") || b == UInt8(ascii: "*") {
                write("banner", id, payload)
            }
        }
        write("census", "all", censusInput)
        write("capture-file", "file", [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20_000)))
    }

    /// Where the IP header starts in a frame of the link types the seeds come in.
    static func ipOffset(_ linkType: Int32, _ f: Frame) -> Int? {
        switch linkType {
        case LinkType.ethernet: return f.mplsLabels == 0 ? 14 + 4 * Int(f.vlanTags) : nil
        case LinkType.linuxSLL: return 16
        case LinkType.linuxSLL2: return 20
        case LinkType.raw, LinkType.ipv4: return 0
        default: return nil
        }
    }
}
