import Foundation
import XCTest

/// The lab tests need root, as CI has; without it they fail (never skip silently).
/// `KPCENSUS_SKIP_LAB=1` skips them on a developer's machine, never under CI.
public func requireRoot(_ needs: String) throws {
    guard geteuid() != 0 else { return }
    let env = ProcessInfo.processInfo.environment
    if env["KPCENSUS_SKIP_LAB"] == "1" && env["CI"] == nil { throw XCTSkip("KPCENSUS_SKIP_LAB=1: lab tests skipped on request") }
    XCTFail("\(needs) need root; run as root or set KPCENSUS_SKIP_LAB=1 to skip them")
    throw XCTSkip("not root")
}

/// The network namespaces of the machine (`ip netns list`), sorted.
public func netnsList() -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: "/run/netns")) ?? []).sorted()
}

/// The root namespace's interfaces: a lab must leave them as it found them.
public func rootInterfaces() -> Set<String> {
    Set((try? FileManager.default.contentsOfDirectory(atPath: "/sys/class/net")) ?? [])
}

/// A lab name unique to this test process (`kpt<role><pid>`, ≤ 12 characters), so
/// test runs of several checkouts on one machine never take each other's lab down.
public func testLabName(_ role: String) -> String { "kpt\(role)\(getpid() % 100_000)" }
