import Foundation

/// A lab network as described in a spec file (JSON, see docs/lab.md "Lab spec").
/// Provinces are subnets of 10.0.0.0/8, each behind a router namespace joined to
/// one core router; servers run real Debian daemons; clients live in homes, cafés
/// (several devices behind one NAT address), universities and mobile networks.
public struct LabSpec: Codable, Equatable, Sendable {
    /// Default lab name (the `kp-<name>-<host>` namespaces); `--name` overrides it.
    public var name: String
    /// Seed of the traffic plan: the same seed gives the same plan.
    public var seed: UInt64
    public var provinces: [Province]
    public var servers: [Server]
    public var sites: [Site]
    /// Extra DNS names (A records) that are not web sites: intranet-only hosts.
    public var names: [Name]?
    public var mail: Mail?
    public var clients: [ClientGroup]
    public var traffic: Traffic?
    /// Sites the web servers serve but that no DNS record, link or client reveals:
    /// only a wordlist finds them (with a virtual-host probe).
    public var hiddenSites: [Site]?

    enum CodingKeys: String, CodingKey {
        case name, seed, provinces, servers, sites, names, mail, clients, traffic
        case hiddenSites = "hidden_sites"
    }

    /// A subnet behind its own router; clients get addresses from `.100` up.
    public struct Province: Codable, Equatable, Sendable {
        public var name: String
        public var prefix: String
        public var description: String?
    }

    /// A server host: one namespace, its addresses, and the daemons it runs
    /// (`web` nginx, `dns` dnsmasq, `smtp` OpenSMTPD, `pop3`/`imap` Dovecot, `ssh` OpenSSH).
    public struct Server: Codable, Equatable, Sendable {
        public var name: String
        public var province: String
        public var addrs: [String]
        public var run: [String]
        /// For `dns`: whether zone transfers (AXFR) are allowed (default false).
        public var axfr: Bool?
    }

    /// A name-based virtual host served by the web server that owns `addr`.
    public struct Site: Codable, Equatable, Sendable {
        public var name: String
        public var addr: String
        /// HTTPS on 443 with a certificate from the lab CA instead of HTTP on 80.
        public var tls: Bool?
        /// The portal links to every other site (where a crawler starts).
        public var portal: Bool?
    }

    public struct Name: Codable, Equatable, Sendable {
        public var name: String
        public var addr: String
    }

    /// The mail domain (MX to the server running `smtp`) and its mailbox.
    public struct Mail: Codable, Equatable, Sendable {
        public var domain: String
        public var hostname: String
        public var user: String
        public var password: String
    }

    /// `count` clients of one kind in one province; cafés and universities have
    /// `devices` devices each (café devices share the café's NAT address).
    public struct ClientGroup: Codable, Equatable, Sendable {
        public var kind: String
        public var province: String
        public var count: Int?
        public var devices: Int?
    }

    public struct Traffic: Codable, Equatable, Sendable {
        /// Each device repeats its plan every this many seconds (default 30).
        public var cycleSeconds: Int?
        /// Extra page visits per device and cycle, drawn by popularity (default 4).
        public var extraVisits: Int?

        enum CodingKeys: String, CodingKey {
            case cycleSeconds = "cycle_seconds"
            case extraVisits = "extra_visits"
        }
    }

    public static let clientKinds = ["home", "cafe", "university", "mobile"]
    public static let daemons = ["web", "dns", "smtp", "pop3", "imap", "ssh"]

    /// Reads and validates a spec file; errors name the file and the field.
    public static func load(path: String) throws -> LabSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LabError("\(path): cannot read the lab spec (no such file?); see Datasets/labs/small.json", exitCode: 2)
        }
        let spec: LabSpec
        do { spec = try JSONDecoder().decode(LabSpec.self, from: data) } catch let DecodingError.keyNotFound(key, ctx) {
            throw LabError("\(path): spec: \(fieldPath(ctx.codingPath + [key])): missing", exitCode: 2)
        } catch let DecodingError.typeMismatch(_, ctx) {
            throw LabError("\(path): spec: \(fieldPath(ctx.codingPath)): \(ctx.debugDescription)", exitCode: 2)
        } catch let DecodingError.valueNotFound(_, ctx) {
            throw LabError("\(path): spec: \(fieldPath(ctx.codingPath)): null where a value is needed", exitCode: 2)
        } catch {
            throw LabError("\(path): not valid JSON (\(error.localizedDescription)); see Datasets/labs/small.json", exitCode: 2)
        }
        do { try spec.validate() } catch let e as LabError {
            throw LabError("\(path): \(e.message)", exitCode: e.exitCode)
        }
        return spec
    }

    static func fieldPath(_ keys: [CodingKey]) -> String {
        var out = ""
        for k in keys {
            if let i = k.intValue { out += "[\(i)]" } else { out += (out.isEmpty ? "" : ".") + k.stringValue }
        }
        return out.isEmpty ? "(top level)" : out
    }
}
