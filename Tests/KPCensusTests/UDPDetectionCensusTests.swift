@testable import KPCensus
import KPWire
import XCTest

/// UDP flows through the census's detection: a flow named strongly by its request
/// still has its answer read, names go to hosts, DNS and DHCP keep their own flows.
extension CensusTests {
    func testUDPDetectionNamesServicesAndHosts() {
        let transaction: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        // A STUN Binding request, then its success with XOR-MAPPED-ADDRESS and SOFTWARE "coturn-4.6".
        let request: [UInt8] = bytes("000100002112a442") + transaction
        let success: [UInt8] = bytes("0101001c2112a442") + transaction + bytes("002000080001bd52e721c0458022000a") + Array("coturn-4.6".utf8) + [0, 0]
        // A NetBIOS name registration of KPPC1<00> from 10.1.0.9.
        let encoded = Array("KPPC1          ".utf8) + [0]
        var name: [UInt8] = [0x20]
        for b in encoded { name += [0x41 + (b >> 4), 0x41 + (b & 0x0f)] }
        let registration = bytes("800129100001000000000001") + name + [0] + bytes("00200001c00c00200001000493e0000600000a010009")
        let c = Census()
        feed(c, [udp(from: Self.client, to: Self.server, 40000, 3478, bytes: request),
                 udp(from: Self.server, to: Self.client, 3478, 40000, bytes: success),
                 udp(from: "0a010009", to: "0a0100ff", 137, 137, bytes: registration),
                 udp(from: Self.client, to: Self.server, 40000, 53, bytes: dns(answer: false)),
                 udp(from: Self.server, to: Self.client, 53, 40000, bytes: dns(answer: true))])
        let inv = c.finish()
        XCTAssertEqual(inv.services.map { "\($0.port)/\($0.transport) \($0.service ?? "-") \($0.software ?? "-")" },
                       ["53/udp dns -", "3478/udp stun coturn-4.6"])
        XCTAssertEqual(inv.hosts.first { $0.addr == "10.1.0.9" }?.names, ["kppc1"])
        XCTAssertEqual(inv.dns.queries.map(\.name), ["name.kp"])
    }
}
