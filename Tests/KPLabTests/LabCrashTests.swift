import Foundation
import XCTest
@testable import KPLab
import KPTestSupport

/// `lab up` killed half-way: the state on disk lets a second `up` and `down`
/// remove exactly what the first one made.
final class LabCrashTests: XCTestCase {
    static let lab = testLabName("c")

    override func tearDown() {
        if geteuid() == 0 { _ = try? Lab.down(name: LabCrashTests.lab) }
    }

    func testKilledUpIsCleanedBySecondUpAndDown() throws {
        try requireRoot("the lab tests (network namespaces, live capture)")
        let lab = LabCrashTests.lab
        let first = try KPCensusCLI.start(["lab", "up", "--spec", "Datasets/labs/small.json", "--name", lab, "-q"])
        // Kill it while it builds (after its first namespaces and servers, whenever that is).
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, (try? LabState.load(lab))??.processes.isEmpty ?? true { usleep(20_000) }
        kill(first.process.processIdentifier, SIGKILL)
        _ = KPCensusCLI.wait(first)
        let crashed = try XCTUnwrap(try LabState.load(lab))
        XCTAssertFalse(crashed.namespaces.isEmpty)
        XCTAssertEqual(Set(crashed.namespaces), Set(netnsList().filter { $0.hasPrefix("kp-\(lab)-") }))
        let status = try KPCensusCLI.run(["lab", "status", "--name", lab])
        XCTAssertNotEqual(status.status, 0, "a half-made lab is not healthy: \(status.stdout)")

        let second = try KPCensusCLI.run(["lab", "up", "--spec", "Datasets/labs/small.json", "--name", lab, "-q"])
        XCTAssertEqual(second.status, 0, second.stderr)
        XCTAssertFalse(crashed.processes.contains(where: LabState.alive), "the crashed run's servers were stopped")
        XCTAssertEqual(try KPCensusCLI.run(["lab", "status", "--name", lab]).status, 0)

        let down = try KPCensusCLI.run(["lab", "down", "--name", lab])
        XCTAssertEqual(down.status, 0, down.stderr)
        XCTAssertEqual(netnsList().filter { $0.hasPrefix("kp-\(lab)-") }, [])
    }
}
