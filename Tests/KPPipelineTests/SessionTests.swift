import Foundation
import KPAirgap
import KPCapture
import KPCensus
import KPPipeline
import KPTestSupport
import XCTest

/// One session reads the captures once and feeds every sink it is given the same packets.
final class SessionTests: XCTestCase {
    let small = repoRoot.appendingPathComponent("Datasets/lab-recorded/small.pcap").path
    let http = repoRoot.appendingPathComponent("Datasets/captures/http-dns.pcap").path

    func scope() throws -> InsideScope { try InsideScope.parse(["10.0.0.0/8"]) }

    /// The census and the air-gap checks fed by one pass see the same packets, and each
    /// concludes what it concludes when it reads the files alone.
    func testOnePassFeedsCensusAndAirgapAlike() throws {
        let paths = [small, http]
        let sink = PassiveSink(scope: try scope())
        let both = try Analyzer(paths: paths, filter: nil).run(airgap: sink)
        let passive = sink.finish()
        XCTAssertGreaterThan(both.inventory.input.packets, 1000)
        XCTAssertEqual(passive.coverage.packets, both.inventory.input.packets, "one pass: the same packet count")
        XCTAssertEqual(passive.coverage.files.map(\.packets), both.inventory.input.files.map(\.packets))

        let censusAlone = try Analyzer(paths: paths, filter: nil).run()
        XCTAssertEqual(both.inventory, censusAlone.inventory, "the census is the same with the air-gap checks beside it")
        let airgapAlone = try AirgapCheck.run(inside: paths, outside: [], scope: try scope(), active: nil)
        XCTAssertEqual(airgapAlone.coverage.passive, passive.coverage)
        XCTAssertEqual(airgapAlone.findings.map(\.kind), passive.findings.map(\.kind))
    }

    /// Outside captures are read as outside: the coverage says which side each file was.
    func testSidesFollowTheInputs() throws {
        let sink = PassiveSink(scope: try scope())
        let readers = try [http, small].map { try CaptureFileReader(path: $0) }
        Session(readers: readers, outside: [true, false]).run(census: nil, airgap: sink)
        let coverage = sink.finish().coverage
        XCTAssertEqual(coverage.files.map(\.side), ["outside", "inside"])
        XCTAssertEqual(coverage.files.map(\.end), ["complete", "complete"])
    }

    /// A filter applies to every sink of the session alike.
    func testFilterAppliesToEverySink() throws {
        let sink = PassiveSink(scope: try scope())
        let result = try Analyzer(paths: [http], filter: "udp port 53").run(airgap: sink)
        let passive = sink.finish()
        let all = try Analyzer(paths: [http], filter: nil).run()
        XCTAssertLessThan(result.inventory.input.packets, all.inventory.input.packets)
        XCTAssertEqual(passive.coverage.packets, result.inventory.input.packets)
    }

    /// Standard input can be read once only: the session refuses before reading.
    func testStandardInputTwiceIsRefused() {
        XCTAssertThrowsError(try Session.open(paths: ["-", "-"], filter: nil)) {
            XCTAssertEqual(($0 as? CaptureError)?.exitCode, 2)
        }
    }
}
