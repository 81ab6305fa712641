import Foundation
import KPModel

/// The report as `kpcensus.report/1` JSON: the canonical layout of the inventory
/// (sorted keys, two-space indentation, explicit nulls), same data → same bytes.
public enum ReportJSON {
    public static func encode(_ report: CensusReport) throws -> Data {
        try CanonicalJSON.encode(report)
    }

    public static func decode(_ data: Data) throws -> CensusReport {
        try JSONDecoder().decode(CensusReport.self, from: data)
    }
}
