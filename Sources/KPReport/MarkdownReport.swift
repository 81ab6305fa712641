/// The report as Markdown: every section, facts as a bullet list and tables as
/// pipe tables, ready to paste into a paper or a wiki.
public enum MarkdownReport {
    public static func render(_ report: CensusReport) -> String {
        var out = "# kpcensus report — run \(report.run.id)\n\n"
        out += "Schema \(CensusReport.schemaID); sections: "
            + ReportSections.all(report).map { "[\($0.title)](#\($0.id))" }.joined(separator: ", ") + ".\n"
        for s in ReportSections.all(report) {
            out += "\n<a id=\"\(s.id)\"></a>\n## \(s.title)\n\n"
            for (label, value) in s.facts { out += "- **\(escape(label))**: \(escape(value))\n" }
            for r in s.remarks { out += "\n_\(escape(r))_\n" }
            for t in s.tables {
                out += "\n### \(t.title)\n\n"
                if t.rows.isEmpty { out += "_none_\n"; continue }
                out += "| " + t.header.map(escape).joined(separator: " | ") + " |\n"
                out += "|" + t.header.map { _ in " --- |" }.joined() + "\n"
                for row in t.rows { out += "| " + row.map { $0.isEmpty ? " " : escape($0) }.joined(separator: " | ") + " |\n" }
            }
        }
        return out
    }

    /// Keeps table cells in one cell and text literal: pipes, newlines and markup characters.
    static func escape(_ s: String) -> String {
        var o = ""
        for c in s {
            switch c {
            case "|", "*", "_", "`", "[", "]", "<", ">", "\\": o.append("\\"); o.append(c)
            case "\n", "\r": o.append(" ")
            default: o.append(c)
            }
        }
        return o
    }
}
