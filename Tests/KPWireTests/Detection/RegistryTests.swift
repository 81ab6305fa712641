import KPWire
import XCTest

final class DetectorRegistryTests: XCTestCase {
    func testNamesAreUnique() {
        // One detector per name and transport (OpenVPN and memcached have one for TCP and one for UDP).
        for transport in [DetectionTransport.tcp, .udp] {
            let names = DetectorRegistry.all.filter { $0.transports.contains(transport) }.map(\.name)
            XCTAssertEqual(Set(names).count, names.count)
        }
    }

    func testEveryDetectorIgnoresEmptyAndNoise() {
        // Zero bytes and a run of 0x00/0xff say nothing: no detector may name them.
        for d in DetectorRegistry.all {
            XCTAssertNil(detect(d, []), d.name)
            XCTAssertNil(detect(d, [UInt8](repeating: 0, count: 64)), d.name)
            XCTAssertNil(detect(d, [UInt8](repeating: 0xff, count: 64)), d.name)
        }
    }

    func testPayloadIsCutToTheBound() {
        // The h2 preface after 2048 bytes of padding is past what the registry reads.
        let late = [UInt8](repeating: 0x41, count: DetectorRegistry.maxBytes) + Array(ascii: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
        XCTAssertNil(registryVerdict(late))
        XCTAssertEqual(registryVerdict(Array(ascii: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"))?.service, "http2")
    }
}
