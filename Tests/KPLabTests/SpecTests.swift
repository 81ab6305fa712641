import Foundation
import XCTest
@testable import KPLab
import KPTestSupport

func shippedSpec(_ name: String) throws -> LabSpec {
    try LabSpec.load(path: repoRoot.appendingPathComponent("Datasets/labs/\(name).json").path)
}

/// Loads `small.json` as JSON, lets `edit` change it, and returns the error the
/// changed spec gets.
func specError(_ edit: (inout [String: Any]) -> Void) throws -> LabError? {
    let data = try Data(contentsOf: repoRoot.appendingPathComponent("Datasets/labs/small.json"))
    var obj = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    edit(&obj)
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kplab-spec-\(UUID().uuidString).json")
    try JSONSerialization.data(withJSONObject: obj).write(to: path)
    defer { try? FileManager.default.removeItem(at: path) }
    do { _ = try LabSpec.load(path: path.path) } catch let e as LabError { return e }
    return nil
}

/// The shipped specs and what a bad spec is told.
final class SpecTests: XCTestCase {
    func testShippedSmallLabIsWhatTheIssueAsks() throws {
        let s = try shippedSpec("small")
        XCTAssertGreaterThanOrEqual(s.sites.count, 30)
        XCTAssertGreaterThanOrEqual(s.servers.count, 4)
        XCTAssertGreaterThanOrEqual(s.clients.filter { $0.kind == "cafe" }.reduce(0) { $0 + ($1.count ?? 1) }, 2)
        XCTAssertEqual(Set(s.clients.map(\.kind)), Set(LabSpec.clientKinds))
        // Zone transfer allowed on some DNS servers and refused on others.
        let dns = s.servers.filter { $0.run.contains("dns") }
        XCTAssertEqual(Set(dns.map { $0.axfr == true }), [true, false])
        XCTAssertEqual(s.sites.filter { $0.portal == true }.count, 1)
        XCTAssertTrue(s.sites.contains { $0.tls == true } && s.sites.contains { $0.tls != true })
        // Many virtual hosts over fewer addresses.
        XCTAssertLessThan(Set(s.sites.map(\.addr)).count * 4, s.sites.count)
    }

    func testShippedSmallLabUsesThePublicZoneNames() throws {
        let s = Set(try shippedSpec("small").sites.map(\.name))
        // The second-level names of the 2016 public .kp zone transfer.
        let publicNames = ["kcna.kp", "star.co.kp", "airkoryo.com.kp", "friend.com.kp", "kiyctc.com.kp", "knic.com.kp",
                           "korfilm.com.kp", "masikryong.com.kp", "naenara.com.kp", "ryongnamsan.edu.kp", "star.edu.kp",
                           "ma.gov.kp", "nta.gov.kp", "portal.net.kp", "rcc.net.kp", "silibank.net.kp", "star.net.kp",
                           "star-co.net.kp", "star-di.net.kp", "cooks.org.kp", "kass.org.kp", "koredufund.org.kp",
                           "korelcfund.org.kp", "sdprk.org.kp", "gnu.rep.kp", "rodong.rep.kp", "vok.rep.kp"]
        XCTAssertEqual(Set(publicNames).subtracting(s), [])
        // The 28th: the zone's own name server domain, an intranet name (not a site).
        XCTAssertTrue(try shippedSpec("small").names?.contains { $0.name == "kptc.kp" } == true)
    }

    func testProvinceLabIsLarger() throws {
        let small = try shippedSpec("small"), province = try shippedSpec("province")
        XCTAssertGreaterThan(province.sites.count, small.sites.count)
        XCTAssertGreaterThan(try Topology(spec: province, lab: "p").hosts.count, try Topology(spec: small, lab: "s").hosts.count)
    }

    func testErrorsNameTheField() throws {
        let cases: [(String, (inout [String: Any]) -> Void)] = [
            ("provinces[1].prefix", { o in var p = o["provinces"] as! [[String: Any]]; p[1]["prefix"] = "10.77.0.1/16"; o["provinces"] = p }),
            ("provinces[2].prefix", { o in var p = o["provinces"] as! [[String: Any]]; p[2]["prefix"] = "10.77.0.0/24"; o["provinces"] = p }),
            ("provinces[0].prefix", { o in var p = o["provinces"] as! [[String: Any]]; p[0]["prefix"] = "192.168.0.0/16"; o["provinces"] = p }),
            ("servers[2].addrs[0]", { o in var s = o["servers"] as! [[String: Any]]; s[2]["addrs"] = ["10.77.1.10"]; o["servers"] = s }),
            ("servers[0].run[1]", { o in var s = o["servers"] as! [[String: Any]]; s[0]["run"] = ["dns", "telnet"]; o["servers"] = s }),
            ("sites[3].addr", { o in var s = o["sites"] as! [[String: Any]]; s[3]["addr"] = "10.76.0.53"; o["sites"] = s }),
            ("sites[0].name", { o in var s = o["sites"] as! [[String: Any]]; s[0]["name"] = "kcna.com"; o["sites"] = s }),
            ("clients[0].province", { o in var c = o["clients"] as! [[String: Any]]; c[0]["province"] = "dc"; o["clients"] = c }),
            ("clients[1].kind", { o in var c = o["clients"] as! [[String: Any]]; c[1]["kind"] = "office"; o["clients"] = c }),
            ("clients[2].devices", { o in var c = o["clients"] as! [[String: Any]]; c[2]["devices"] = nil; o["clients"] = c }),
            ("mail", { o in o["mail"] = nil }),
            ("seed", { o in o["seed"] = nil }),
            ("name", { o in o["name"] = "Small Lab" }),
        ]
        for (field, edit) in cases {
            let e = try XCTUnwrap(try specError(edit), field)
            XCTAssertEqual(e.exitCode, 2, field)
            XCTAssertTrue(e.message.contains("spec: \(field):"), "\(field): \(e.message)")
        }
    }

    func testUnreadableSpecIsBadInput() {
        XCTAssertThrowsError(try LabSpec.load(path: "/nonexistent/lab.json")) { e in
            XCTAssertEqual((e as? LabError)?.exitCode, 2)
            XCTAssertTrue((e as? LabError)?.message.contains("/nonexistent/lab.json") == true)
        }
    }
}
