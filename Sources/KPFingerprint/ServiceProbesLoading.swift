// The probes file a run uses (`--service-probes FILE` on analyze, capture and scan, else
// Debian's), read and compiled once at start-up, before any packet or probe:
// - the default file missing: a notice (what to install) and no product/version matching;
//   the built-in detectors still run;
// - a FILE given explicitly that cannot be read, has a line that does not parse or a
//   pattern PCRE2 refuses, or holds no Probe line: an error (exit 2) naming file and line;
// - problems in the default file: a notice naming the first, the rest of the file is used.
import Foundation
import KPModel

public enum ServiceProbesDomain {}
/// A probes file the user named that cannot be used (exit 2).
public typealias ServiceProbesError = MessageError<ServiceProbesDomain>

extension CompiledServiceProbes {
    /// The run's compiled probes (nil when the default file is missing) and a notice for the user, if any.
    public static func load(explicit: String?, defaultPath: String = ServiceProbesParser.defaultPath)
        throws(ServiceProbesError) -> (probes: CompiledServiceProbes?, notice: String?) {
        let path = explicit ?? defaultPath
        let database: ServiceProbeDatabase
        do {
            database = try ServiceProbesParser.load(path: path)
        } catch {
            if explicit != nil {
                throw ServiceProbesError("--service-probes \(path): cannot read the file (give nmap's nmap-service-probes, Debian: /usr/share/nmap/nmap-service-probes)")
            }
            return (nil, "no nmap service probes at \(path): services get no product or version (apt-get install nmap-common, or --service-probes FILE); the built-in detectors still run")
        }
        let compiled = CompiledServiceProbes(database)
        let problems = compiled.problems
        if explicit != nil {
            if let first = problems.first {
                let more = problems.count > 1 ? " (and \(problems.count - 1) more lines)" : ""
                throw ServiceProbesError("--service-probes \(first)\(more): fix the file or use Debian's nmap-common one")
            }
            if database.probes.isEmpty {
                throw ServiceProbesError("--service-probes \(path): no Probe line: not an nmap-service-probes file")
            }
            return (compiled, nil)
        }
        guard let first = problems.first else { return (compiled, nil) }
        return (compiled, "\(first) (\(problems.count) lines skipped; the rest of the service probes is used)")
    }
}
