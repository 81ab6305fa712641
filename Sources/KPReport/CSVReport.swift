import Foundation

/// The report as CSV: one file per table with a header row (RFC 4180 quoting,
/// CRLF-free `\n` lines), plus `overview.csv` holding every section's facts.
public enum CSVReport {
    /// File name → contents, file names sorted by the caller as it writes them.
    public static func render(_ report: CensusReport) -> [(name: String, text: String)] {
        let sections = ReportSections.all(report)
        var files: [(String, String)] = []
        var facts = [["section", "fact", "value"]]
        for s in sections {
            for (label, value) in s.facts { facts.append([s.id, label, value]) }
            for r in s.remarks { facts.append([s.id, "remark", r]) }
        }
        files.append(("overview.csv", lines(facts)))
        for s in sections {
            for t in s.tables { files.append(("\(t.id).csv", lines([t.header] + t.rows))) }
        }
        return files
    }

    static func lines(_ rows: [[String]]) -> String {
        rows.map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
