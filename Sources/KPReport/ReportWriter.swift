import Foundation

/// The formats `kpcensus report` writes.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, html, json, csv
}

/// Writes a report in one format: a file (or "-" for standard output) for md,
/// html and json; a directory of CSV files (made if missing) for csv.
public enum ReportWriter {
    /// What went wrong writing, naming the path (exit 2).
    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func write(_ report: CensusReport, format: ReportFormat, to out: String) throws {
        switch format {
        case .md: try emit(Data(MarkdownReport.render(report).utf8), to: out)
        case .html: try emit(Data(HTMLReport.render(report).utf8), to: out)
        case .json: try emit(try ReportJSON.encode(report), to: out)
        case .csv:
            if out == "-" { throw WriteError(description: "--out -: CSV is a directory of files; give a directory path") }
            let dir = URL(fileURLWithPath: out)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isDir), !isDir.boolValue {
                throw WriteError(description: "--out \(out): is a file; CSV output is a directory (one file per table)")
            }
            do { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) } catch {
                throw WriteError(description: "--out \(out): cannot make the directory: \(error.localizedDescription)")
            }
            for file in CSVReport.render(report) {
                try emit(Data(file.text.utf8), to: dir.appendingPathComponent(file.name).path)
            }
        }
    }

    static func emit(_ data: Data, to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(data)
            return
        }
        do { try data.write(to: URL(fileURLWithPath: path)) } catch {
            throw WriteError(description: "\(path): cannot write: \(error.localizedDescription)")
        }
    }
}
