import Foundation
import KPModel

/// The inventory as `kpcensus.inventory/1` JSON: sorted keys, two-space
/// indentation, `"key": value`, empty lists as `[]`, explicit nulls, a final
/// newline. The layout is made by `CanonicalJSON` rather than by Foundation's
/// pretty printer, so the bytes do not change with the Foundation version.
public enum InventoryJSON {
    public static func encode(_ inv: Inventory) throws -> Data {
        try CanonicalJSON.encode(inv)
    }

    public static func decode(_ data: Data) throws -> Inventory {
        try JSONDecoder().decode(Inventory.self, from: data)
    }
}
