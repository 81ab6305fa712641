import ArgumentParser
import Foundation
import KPCensus
import KPReport
import KPStore
import Logging

/// Where `analyze`, `capture` and `scan` put the inventory: a census database and the
/// JSON (a file or '-'); the summary goes to standard output, or to standard error
/// when the JSON goes to standard output.
struct InventoryOptions: ParsableArguments {
    @Option(help: "Store the run in this SQLite census database (made if missing).")
    var db: String?

    @Option(help: "Write the inventory JSON here ('-' for standard output).")
    var json: String?

    /// The database of `--db`, made if missing.
    func openStore() throws -> CensusStore? { try db.map { try CensusStore(path: $0) } }

    /// Completes the run begun in `store`, then writes the JSON.
    func write(_ inv: Inventory, observations: @autoclosure () -> [Observation], store: CensusStore?, runID: Int64?,
               log: Logger) throws {
        if let store, let runID {
            try store.completeRun(runID, inventory: inv, observations: observations())
            log.info("stored as run \(runID) in \(store.path)")
        }
        if let json { try InventoryOutput.writeJSON(inv, to: json) }
    }

    func printSummary(_ text: String) { InventoryOutput.printSummary(text, jsonToStdout: json == "-") }
}

/// Writing an inventory the way `analyze` does.
enum InventoryOutput {
    static func writeJSON(_ inv: Inventory, to json: String) throws {
        try OutputFile.write(try InventoryJSON.encode(inv), to: json, option: "--json")
    }

    static func printSummary(_ text: String, jsonToStdout: Bool) {
        if jsonToStdout { FileHandle.standardError.write(Data(text.utf8)) } else { print(text, terminator: "") }
    }
}

/// Writes an output file the user named ('-': standard output); a failure names the option.
enum OutputFile {
    static func write(_ data: Data, to path: String, option: String, failure: (String) -> Error = { ValidationError($0) }) throws {
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw failure("\(option) \(path): cannot write: \(error.localizedDescription)")
        }
    }
}
