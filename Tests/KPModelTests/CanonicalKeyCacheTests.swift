import Foundation
import KPModel
import XCTest

/// The encoder keeps each key type's written members (newline, indentation, key)
/// per depth and finds keys by their one byte; these must give JSONEncoder's bytes
/// when a type recurs at other depths, when keys come out of order, when keys are
/// wider than a byte (a dictionary's) and for strings whose escapes sit anywhere in
/// an eight-byte word.
final class CanonicalKeyCacheTests: XCTestCase {
    struct Leaf: Codable { var b = 1; var a: String? = nil; var c = ["x"] }
    struct Tree: Codable {
        var leaf = Leaf()
        var deeper: [String: [Leaf]] = ["k2": [Leaf()], "k1": [Leaf(b: 2, a: "q", c: [])]]
        var again = Leaf(b: 3, a: nil, c: ["y", "z"])
    }

    private func reference<T: Encodable>(_ v: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try e.encode(v), as: UTF8.self) + "\n"
    }

    func testRecurringTypesAndDictionaryKeysGiveJSONEncodersBytes() throws {
        let ours = String(decoding: try CanonicalJSON.encode(Tree(), style: JSONStyle(layout: .foundationPretty, nils: .omitted)), as: UTF8.self)
        XCTAssertEqual(ours, try reference(Tree()))
    }

    func testEscapesAtEveryOffsetOfAWord() throws {
        for special in ["\"", "\\", "\n", "\u{1}", "\u{1f}"] {
            for offset in 0..<17 {
                let s = String(repeating: "a", count: offset) + special + String(repeating: "é", count: 3)
                let ours = String(decoding: try CanonicalJSON.encode([s], style: JSONStyle(layout: .foundationPretty)), as: UTF8.self)
                XCTAssertEqual(ours, try reference([s]), "escape at offset \(offset)")
            }
        }
        let plain = String(repeating: "abcdefgh/~é😀", count: 3)
        let ours = String(decoding: try CanonicalJSON.encode([plain], style: JSONStyle(layout: .foundationPretty)), as: UTF8.self)
        XCTAssertEqual(ours, try reference([plain]))
    }
}
