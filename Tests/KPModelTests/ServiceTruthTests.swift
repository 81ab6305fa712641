import Foundation
import KPModel
import XCTest

/// The lab's and the simulator's truths share `ServiceTruth`; each must keep its own keys.
final class ServiceTruthTests: XCTestCase {
    func testALabServiceWritesNoUsedKeyButANullSoftware() throws {
        let s = LabTruth.Service(addr: "10.76.1.2", port: 22, transport: "tcp", service: "ssh")
        XCTAssertEqual(String(decoding: try CanonicalJSON.encode(s), as: UTF8.self),
                       """
                       {
                         "addr": "10.76.1.2",
                         "port": 22,
                         "service": "ssh",
                         "software": null,
                         "transport": "tcp"
                       }

                       """)
    }

    func testASimulatedServiceWritesUsedAndReadsItBack() throws {
        let s = SimTruth.Service(addr: "10.76.1.2", port: 53, transport: "udp", service: "dns", software: nil, used: false)
        let data = try CanonicalJSON.encode(s)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\"used\": false"))
        XCTAssertEqual(try JSONDecoder().decode(SimTruth.Service.self, from: data), s)
    }
}
