import Foundation
import KPModel
import XCTest
@testable import KPLab
import KPTestSupport

/// `lab` and `capture` as a user meets them when something is wrong, and the
/// injected breach.
final class LabCommandTests: XCTestCase {
    func testBadSpecIsExit2NamingTheField() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kplab-bad-\(UUID().uuidString).json")
        try Data(#"{"name": "x", "seed": 1, "provinces": [], "servers": [], "sites": [], "clients": []}"#.utf8).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let r = try KPCensusCLI.run(["lab", "up", "--spec", path.path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("spec: provinces:"), r.stderr)
    }

    func testUnknownBreachIsExit2() throws {
        let r = try KPCensusCLI.run(["lab", "up", "--spec", "Datasets/labs/small.json", "--breach", "teleport"])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("--breach 'teleport'"), r.stderr)
    }

    func testDownAndStatusOnNothing() throws {
        try requireRoot("the lab tests (network namespaces, live capture)")
        let down = try KPCensusCLI.run(["lab", "down", "--name", testLabName("n")])
        XCTAssertEqual(down.status, 0)
        XCTAssertTrue(down.stdout.contains("no lab named \(testLabName("n")) is up"), down.stdout)
        let status = try KPCensusCLI.run(["lab", "status", "--name", testLabName("n")])
        XCTAssertEqual(status.status, 3)
    }

    func testCaptureOnMissingInterfaceListsTheInterfaces() throws {
        try requireRoot("the lab tests (network namespaces, live capture)")
        let r = try KPCensusCLI.run(["capture", "-i", "kp-no-such-if", "--count", "1"])
        XCTAssertEqual(r.status, 3)
        XCTAssertTrue(r.stderr.contains("no such interface") && r.stderr.contains("lo"), r.stderr)
        let ns = try KPCensusCLI.run(["capture", "--netns", "kp-no-such-ns", "-i", "eth0", "--count", "1"])
        XCTAssertEqual(ns.status, 3)
        XCTAssertTrue(ns.stderr.contains("--netns kp-no-such-ns"), ns.stderr)
    }

    func testBreachForwardLetsClientsReachTheInternetSide() throws {
        try requireRoot("the lab tests (network namespaces, live capture)")
        let lab = testLabName("b")
        defer { _ = try? Lab.down(name: lab) }
        let truthPath = FileManager.default.temporaryDirectory.appendingPathComponent("kplab-breach-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: truthPath) }
        let up = try KPCensusCLI.run(["lab", "up", "--spec", "Datasets/labs/small.json", "--name", lab, "--breach", "forward", "--truth", truthPath])
        XCTAssertEqual(up.status, 0, up.stderr)
        let truth = try LabTruth.decode(try Data(contentsOf: URL(fileURLWithPath: truthPath)))
        XCTAssertEqual(truth.breach?.kind, "forward")
        let client = try XCTUnwrap(truth.hosts.first { $0.role == "client" })
        let r = try Exec.run(["ip", "netns", "exec", client.netns, "curl", "-s", "-m", "3", "-o", "/dev/null", "-w", "%{http_code}",
                              "http://\(truth.canaries[0].addr)/"])
        XCTAssertEqual(r.output, "200")
        let down = try KPCensusCLI.run(["lab", "down", "--name", lab])
        XCTAssertEqual(down.status, 0)
        XCTAssertEqual(netnsList().filter { $0.hasPrefix("kp-\(lab)-") }, [])
    }

    /// Without privileges every verb says which capability it needs (exit 3).
    func testWithoutPrivilegeTheCapabilityIsNamed() throws {
        try requireRoot("the lab tests (network namespaces, live capture)")
        // A copy user nobody can read: the checkout may sit in a 0700 folder (mktemp -d).
        let spec = "/tmp/kpcensus-nobody-spec-\(getpid()).json"
        try Data(contentsOf: repoRoot.appendingPathComponent("Datasets/labs/small.json")).write(to: URL(fileURLWithPath: spec))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: spec)
        defer { try? FileManager.default.removeItem(atPath: spec) }
        let asNobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", KPCensusCLI.binary.path]
        let up = try Exec.run(asNobody + ["lab", "up", "--spec", spec, "--name", testLabName("p")])
        XCTAssertEqual(up.status, 3, up.output)
        XCTAssertTrue(up.output.contains("CAP_SYS_ADMIN and CAP_NET_ADMIN"), up.output)
        let cap = try Exec.run(asNobody + ["capture", "-i", "lo", "--count", "1"])
        XCTAssertEqual(cap.status, 3, cap.output)
        XCTAssertTrue(cap.output.contains("CAP_NET_RAW"), cap.output)
        XCTAssertEqual(netnsList().filter { $0.hasPrefix("kp-\(testLabName("p"))-") }, [])
    }

    /// A missing tool is reported with the Debian package that provides it.
    func testEveryToolTheLabRunsHasItsDebianPackage() throws {
        for name in ["small", "province"] {
            for tool in Lab.tools(for: try shippedSpec(name)) {
                XCTAssertNotNil(Environment.packages[tool], tool)
            }
        }
        XCTAssertThrowsError(try Exec.path(of: "swaks-not-installed")) { e in
            XCTAssertEqual((e as? LabError)?.exitCode, 3)
            XCTAssertTrue((e as? LabError)?.message.contains("install the Debian package") == true)
        }
    }
}
