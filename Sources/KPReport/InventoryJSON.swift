import Foundation
import KPCensus

/// The inventory as `kpcensus.inventory/1` JSON: sorted keys, two-space
/// indentation, a final newline; the same inventory always gives the same bytes.
public enum InventoryJSON {
    public static func encode(_ inv: Inventory) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(inv)
        data.append(0x0a)
        return data
    }

    public static func decode(_ data: Data) throws -> Inventory {
        try JSONDecoder().decode(Inventory.self, from: data)
    }
}
