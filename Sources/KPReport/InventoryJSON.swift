import Foundation
import KPCensus

/// The inventory as `kpcensus.inventory/1` JSON: sorted keys, two-space
/// indentation, `"key": value`, empty lists as `[]`, a final newline. The layout
/// is made here rather than by Foundation's pretty printer, so the bytes do not
/// change with the Foundation version.
public enum InventoryJSON {
    /// Written by hand (InventoryWriter): Codable's own work was most of the cost
    /// of a long capture's inventory. Same bytes as `CanonicalJSON.encode(inv)`.
    public static func encode(_ inv: Inventory) throws -> Data {
        try InventoryWriter.encode(inv)
    }

    public static func decode(_ data: Data) throws -> Inventory {
        try JSONDecoder().decode(Inventory.self, from: data)
    }
}

/// Deterministic, indented JSON for any Encodable.
public enum CanonicalJSON {
    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out: [UInt8] = []
        indent(try encoder.encode(value), depth: 0, into: &out)
        out.append(0x0a)
        return Data(out)
    }

    /// Re-lays compact JSON: a line per member and element, strings left untouched;
    /// `depth` is the nesting the value starts at (a member of an outer object).
    static func indent(_ compact: Data, depth: Int, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + compact.count * 2)
        var depth = depth
        var inString = false
        var escaped = false
        let bytes = [UInt8](compact)
        func newline() {
            out.append(0x0a)
            out.append(contentsOf: repeatElement(0x20, count: depth * 2))
        }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if inString {
                out.append(b)
                if escaped { escaped = false } else if b == 0x5c { escaped = true } else if b == 0x22 { inString = false }
                i += 1
                continue
            }
            switch b {
            case 0x22:
                inString = true
                out.append(b)
            case 0x7b, 0x5b:           // { [
                let close: UInt8 = b == 0x7b ? 0x7d : 0x5d
                if i + 1 < bytes.count && bytes[i + 1] == close {
                    out.append(b); out.append(close)
                    i += 2
                    continue
                }
                out.append(b)
                depth += 1
                newline()
            case 0x7d, 0x5d:           // } ]
                depth -= 1
                newline()
                out.append(b)
            case 0x2c:                 // ,
                out.append(b)
                newline()
            case 0x3a:                 // :
                out.append(b)
                out.append(0x20)
            default:
                out.append(b)
            }
            i += 1
        }
    }
}
