import Foundation
import KPModel
import XCTest

/// docs/inventory.md lists every key the inventory writes, and no other: a field
/// added to a type without a row in the docs fails here.
final class InventoryDocsTests: XCTestCase {
    /// The key paths of docs/inventory.md's field tables (first column, in backticks).
    static func documentedPaths() throws -> Set<String> {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/inventory.md").standardizedFileURL
        let text = try String(contentsOf: docs, encoding: .utf8)
        var paths = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(3).prefix { $0 != "`" }
            XCTAssertTrue(paths.insert(String(cell)).inserted, "docs/inventory.md lists \(cell) twice")
        }
        return paths
    }

    /// Every key path of a JSON value: members joined by ".", "[]" for a list's elements.
    static func paths(of value: Any, prefix: String = "") -> Set<String> {
        var out = Set<String>()
        if let object = value as? [String: Any] {
            for (key, member) in object {
                let path = prefix.isEmpty ? key : "\(prefix).\(key)"
                out.insert(path)
                out.formUnion(paths(of: member, prefix: path))
            }
        } else if let list = value as? [Any] {
            for element in list { out.formUnion(paths(of: element, prefix: prefix + "[]")) }
        }
        return out
    }

    func testFieldTablesListExactlyTheEncodedKeys() throws {
        // Every optional set and every list with an element, so that each key is written.
        let inv = CanonicalJSONTests.sample()
        let json = try JSONSerialization.jsonObject(with: try CanonicalJSON.encode(inv))
        let encoded = Self.paths(of: json)
        let documented = try Self.documentedPaths()
        XCTAssertEqual(encoded.subtracting(documented).sorted(), [], "keys the inventory writes that docs/inventory.md does not list")
        XCTAssertEqual(documented.subtracting(encoded).sorted(), [], "keys docs/inventory.md lists that the inventory does not write")
    }

    func testAKeyMissingFromTheDocsIsFound() throws {
        let documented = try Self.documentedPaths()
        XCTAssertTrue(documented.contains("input.files[].warning"))
        XCTAssertFalse(Self.paths(of: ["input": ["extra": 1]]).isSubset(of: documented))
    }
}
