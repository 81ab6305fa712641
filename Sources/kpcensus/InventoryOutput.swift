import ArgumentParser
import Foundation
import KPCensus
import KPModel
import KPReport

/// Writing an inventory the way `analyze` does: JSON to a file or '-', the
/// summary on standard output (standard error when the JSON goes to standard output).
enum InventoryOutput {
    static func writeJSON(_ inv: Inventory, to json: String) throws {
        let data = try InventoryJSON.encode(inv)
        if json == "-" {
            FileHandle.standardOutput.write(data)
        } else {
            do { try data.write(to: URL(fileURLWithPath: json)) } catch {
                throw ValidationError("--json \(json): cannot write: \(error.localizedDescription)")
            }
        }
    }

    static func printSummary(_ text: String, jsonToStdout: Bool) {
        if jsonToStdout { FileHandle.standardError.write(Data(text.utf8)) } else { print(text, terminator: "") }
    }
}
