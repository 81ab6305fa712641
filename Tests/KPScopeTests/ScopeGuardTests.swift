import KPWire
import XCTest
@testable import KPScope

/// The scope guard: deny by default, blocklist wins, IPv4 and IPv6, and `InScope` only from it.
final class ScopeGuardTests: XCTestCase {
    let v4 = { (s: String) in IPAddress(s)! }

    func testRefusesEverythingOutsideTheScope() throws {
        let g = try ScopeGuard(scope: ["10.76.1.0/24"])
        XCTAssertNil(g.refusal(v4("10.76.1.7")))
        XCTAssertEqual(g.refusal(v4("10.76.2.7")), "10.76.2.7 is outside the scope 10.76.1.0/24")
        XCTAssertEqual(g.refusal(IPAddress("fd00::1")!), "fd00::1 is outside the scope 10.76.1.0/24", "an IPv6 address is not in an IPv4 scope")
        guard case .failure(let why) = g.admit(v4("8.8.8.8")) else { return XCTFail("8.8.8.8 admitted") }
        XCTAssertEqual(why.description, "8.8.8.8 is outside the scope 10.76.1.0/24")
        XCTAssertThrowsError(try g.check(v4("10.76.0.1"))) {
            XCTAssertEqual(($0 as? ScopeError)?.message, "refused: 10.76.0.1 is outside the scope 10.76.1.0/24")
            XCTAssertEqual(($0 as? ScopeError)?.exitCode, 2)
        }
        XCTAssertEqual(try g.check(v4("10.76.1.200")).address, v4("10.76.1.200"))
    }

    func testBlocklistWinsOverTheScope() throws {
        let g = try ScopeGuard(scope: ["10.0.0.0/8", "fd00::/8"],
                               blocked: [(IPPrefix("10.76.1.128/25")!, "printers"), (IPPrefix("fd00:6b70::/32")!, "core")])
        XCTAssertEqual(g.refusal(v4("10.76.1.200")), "10.76.1.200 is blocklisted (10.76.1.128/25: printers)")
        XCTAssertNil(g.refusal(v4("10.76.1.127")))
        XCTAssertEqual(g.refusal(IPAddress("fd00:6b70::53")!), "fd00:6b70::53 is blocklisted (fd00:6b70::/32: core)")
        XCTAssertNil(g.refusal(IPAddress("fd00:6b71::53")!))
        XCTAssertFalse(g.allows(IPAddress("fe80::1")!))
    }

    func testIPv6ScopeAndTargets() throws {
        let g = try ScopeGuard(scope: ["fd00:6b70:6::/64,10.76.0.53"])
        XCTAssertEqual(g.scopeText, "10.76.0.53/32,fd00:6b70:6::/64")
        XCTAssertTrue(g.allows(IPAddress("fd00:6b70:6::10")!))
        XCTAssertFalse(g.allows(IPAddress("fd00:6b70:7::10")!))
        // The scanner enumerates IPv4 only: the IPv6 prefix guards, the IPv4 address is the target list.
        XCTAssertEqual(try g.targets([]), [v4("10.76.0.53")])
        XCTAssertThrowsError(try ScopeGuard(scope: ["fd00::/64"]).targets([])) {
            XCTAssertTrue("\($0)".hasPrefix("--scope fd00::/64: no IPv4 prefix to probe"), "\($0)")
        }
        XCTAssertThrowsError(try g.targets(["fd00:6b70:6::10"])) {
            XCTAssertEqual(($0 as? ScopeError)?.message, "target fd00:6b70:6::10: not an IPv4 address or CIDR")
        }
    }

    func testBadScopesAreExitTwoNamingTheItem() {
        XCTAssertThrowsError(try ScopeGuard(scope: [" , "])) { XCTAssertTrue("\($0)".hasPrefix("no --scope"), "\($0)") }
        XCTAssertThrowsError(try ScopeGuard(scope: ["fd00::/129"])) {
            XCTAssertEqual("\($0)", "--scope fd00::/129: not an IPv4 address or CIDR such as 10.76.0.0/16")
        }
        XCTAssertThrowsError(try ScopeGuard(scope: ["10.0.0.0/8"]).targets(["10.0.0.0/8"])) {
            XCTAssertTrue("\($0)".contains("more than 1048576"), "\($0)")
        }
    }
}
