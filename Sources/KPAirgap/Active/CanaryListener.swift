import Foundation
import KPCapture
import KPModel
import KPWire

/// A tcpdump in the canaries' own (outside) namespace that records every packet
/// while the active tests run. What it recorded is the proof: anything from inside
/// that reached a canary is a breach, with the record's packet as evidence.
final class CanaryListener {
    let netns: String
    let path: String
    let process: Process
    /// tcpdump's own report (stderr), where it says how many packets the kernel dropped.
    let reportPath: String

    /// Starts recording in `netns` to `path`; returns once tcpdump writes.
    init(netns: String, path: String) throws {
        self.netns = netns
        self.path = path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        reportPath = path + ".tcpdump.txt"
        // Immediate mode gives one ring slot of the snapshot length per packet: a 16 MB
        // buffer (-B) keeps a burst of probes from being dropped before tcpdump wakes.
        process.arguments = ["ip", "netns", "exec", netns, "tcpdump", "-i", "any", "-n", "-U", "--immediate-mode", "-B", "16384", "-Z", "root", "-w", path]
        process.standardOutput = FileHandle.nullDevice
        guard FileManager.default.createFile(atPath: reportPath, contents: nil), let report = FileHandle(forWritingAtPath: reportPath) else {
            throw AirgapError("cannot write \(reportPath)", exitCode: 2)
        }
        process.standardError = report
        do { try process.run() } catch { throw AirgapError("cannot start tcpdump in \(netns): \(error)", exitCode: 3) }
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline {
            if let n = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber, n.intValue >= 24 { break }
            usleep(50_000)
        }
        // tcpdump writes the file header before the socket is bound: give it a moment.
        usleep(300_000)
        guard process.isRunning else { throw AirgapError("tcpdump in \(netns) stopped at once: is the namespace there and are you root?", exitCode: 3) }
    }

    /// Stops tcpdump (by its PID) and waits for it to flush.
    func stop() {
        usleep(300_000)
        if process.isRunning { kill(process.processIdentifier, SIGINT) }
        process.waitUntilExit()
    }

    /// Packets the kernel dropped before tcpdump read them ("N packets dropped by
    /// kernel" in its report); nil when tcpdump did not say.
    func droppedByKernel() -> Int? {
        guard let text = try? String(contentsOfFile: reportPath, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasSuffix("packets dropped by kernel") {
            return Int(line.split(separator: " ").first ?? "")
        }
        return nil
    }

    /// Reads the record: packets to the canaries from anywhere else, as findings.
    func findings(canaries: Set<IPAddress>, scope: InsideScope, book: FindingBook) throws -> Int {
        let reader = try CaptureFileReader(path: path)
        var arp: [MACAddress: IPAddress] = [:]
        var arrived = 0
        _ = reader.read(fileIndex: 0) { rec in
            let f = FrameDecoder.decode(linkType: rec.linkType, bytes: rec.bytes, wireLength: rec.wireLength)
            if f.network == .arp, f.src.isUnicast { arp[f.arpSenderMAC] = f.src; return }
            guard f.network == .ipv4 || f.network == .ipv6, canaries.contains(f.dst), !canaries.contains(f.src) else { return }
            arrived += 1
            let payload = f.payloadLength > 0 && f.payloadOffset + f.payloadLength <= rec.bytes.count
                ? UnsafeRawBufferPointer(rebasing: rec.bytes[f.payloadOffset ..< f.payloadOffset + f.payloadLength]) : UnsafeRawBufferPointer(start: nil, count: 0)
            let ev = Evidence(file: path, packet: rec.packetIndex, decode: PacketLine.describe(f, payload: payload))
            let hop = f.hasMAC ? arp[f.macSrc].map(\.description) : nil
            if [4, 41, 47].contains(f.proto) {
                let inner = TunnelInner.addresses(proto: f.proto, payload: payload)
                book.add("tunnel", .breach, inside: scope.isInside(f.src) ? [f.src.description] : [], outside: [f.dst.description], bridge: f.src.description,
                         time: rec.timestamp, evidence: ev,
                         explanation: "The canary listener at \(f.dst) received \(OutsideTrafficCheck.protoName(f.proto)) from \(f.src)\(inner.map { " carrying \($0.src) > \($0.dst)" } ?? ""): a tunnel reaches outside.")
            } else if scope.isInside(f.src) {
                book.add("forwarding", .breach, inside: [f.src.description], outside: [f.dst.description], bridge: hop, time: rec.timestamp, evidence: ev,
                         explanation: "The canary listener at \(f.dst) received a packet from \(f.src), an inside address\(hop.map { ", handed over by \($0)" } ?? ""): it was forwarded out unchanged.")
            } else {
                book.add("nat", .breach, inside: [], outside: [f.dst.description], bridge: f.src.description, time: rec.timestamp, evidence: ev,
                         explanation: "The canary listener at \(f.dst) received a packet from \(f.src) while inside hosts probed it: \(f.src) translates inside traffic out.")
            }
        }
        return arrived
    }
}
