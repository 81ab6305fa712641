import KPWire
import XCTest

final class UDPRegistryTests: XCTestCase {
    func testEveryUDPDetectorIgnoresNoiseOnAnyPort() {
        // Zeros, ones and a counting pattern, from and to the detectors' own ports: nothing is named.
        let noise: [[UInt8]] = [[], [UInt8](repeating: 0, count: 64), [UInt8](repeating: 0xff, count: 64), (0 ..< 200).map { UInt8($0) }]
        for d in DetectorRegistry.all where d.transports.contains(.udp) {
            for port in d.ports.sorted() + [40000] {
                for bytes in noise {
                    XCTAssertNil(detectUDP(d, bytes, ports: (port, port)), "\(d.name) on \(port): \(bytes.count) bytes")
                }
            }
        }
    }

    func testPortBreaksTiesBetweenWeakVerdicts() {
        // One datagram both RTP-shaped and WireGuard-data-shaped is named by the port it used.
        let both = hex("04000000 01020304 0000000000000001") + [UInt8](repeating: 0x77, count: 32)
        XCTAssertEqual(registryVerdict(both, ports: (51820, 40000), transport: .udp)?.service, "wireguard")
    }
}
