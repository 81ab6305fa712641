import KPCensus

/// A table of a report: the unit Markdown, HTML and CSV all render (CSV writes
/// one file per table, named by `id`).
public struct ReportTable: Equatable, Sendable {
    public var id: String
    public var title: String
    public var header: [String]
    public var rows: [[String]]
}

/// One section of a report: key facts, tables, and status lines for what was not measured.
public struct ReportSection: Equatable, Sendable {
    public var id: String
    public var title: String
    /// (label, value) pairs shown first.
    public var facts: [(String, String)]
    public var tables: [ReportTable]
    /// Sentences such as "not measured in this run: …".
    public var remarks: [String]

    public static func == (a: ReportSection, b: ReportSection) -> Bool {
        a.id == b.id && a.title == b.title && a.tables == b.tables && a.remarks == b.remarks
            && a.facts.map { [$0.0, $0.1] } == b.facts.map { [$0.0, $0.1] }
    }
}

/// Turns the report model into its sections, in the order of the issue: overview,
/// sites, users, services, hosts, DNS, air gap, data quality, method notes.
public enum ReportSections {
    /// Formats a number without locale: integers plainly, others with up to 2 decimals.
    static func num(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
        let r = (v * 100).rounded() / 100
        return String(r)
    }

    /// "6 (95 % interval 6–6; method observed)".
    /// "not estimated (reason)" when there was too little data.
    public static func estimateText(_ e: CensusReport.Estimate) -> String {
        guard let value = e.estimate else { return "not estimated (\(e.reason ?? "no estimate"); observed \(e.observed))" }
        let ci = e.ci95.map { $0.count == 2 ? "\(num($0[0]))–\(num($0[1]))" : "n/a" } ?? "n/a"
        return "\(num(value)) (95 % interval \(ci); method \(e.method))"
    }

    static func list(_ l: [String]) -> String { l.isEmpty ? "—" : l.joined(separator: " ") }

    public static func all(_ r: CensusReport) -> [ReportSection] {
        [overview(r), sites(r), users(r), services(r), hosts(r), dns(r), airGap(r), dataQuality(r), activity(r), notes(r)]
    }

    static func overview(_ r: CensusReport) -> ReportSection {
        let o = r.overview
        var facts: [(String, String)] = [
            ("run", "\(r.run.id) (\(r.run.kind)\(r.run.complete ? "" : ", incomplete"), kpcensus \(r.run.toolVersion))"),
            ("period", o.first.map { "\($0) .. \(o.last ?? $0) (\(num(o.seconds)) s)" } ?? "no packets"),
            ("packets", "\(o.packets) (\(o.bytes) bytes)"),
            ("hosts", "\(o.hosts) (\(o.servers) servers, \(o.clientAddrs) client addresses)"),
            ("services", String(o.services)),
            ("sites", String(o.sites)),
            ("flows", "tcp \(o.flows.tcp), udp \(o.flows.udp), icmp \(o.flows.icmp), other \(o.flows.other)"),
            ("capture drops", o.captureDrops.map(String.init) ?? o.captureDropsStatus),
        ]
        if let f = o.filter { facts.append(("filter", f)) }
        if !r.joinedRuns.isEmpty {
            facts.insert(("joined runs", r.joinedRuns.map { "\($0.id) (\($0.kind)\($0.complete ? "" : ", incomplete"))" }.joined(separator: ", ")
                          + ": their hosts, services, names and sites are added; counts and estimates are run \(r.run.id)'s"), at: 1)
        }
        let sources = ReportTable(id: "sources", title: "Sources", header: ["path", "format", "linktype", "packets", "status", "warning"],
                                  rows: o.sources.map { [$0.path, $0.format, $0.linktype, String($0.packets), $0.status, $0.warning ?? ""] })
        return ReportSection(id: "overview", title: "Overview", facts: facts, tables: [sources], remarks: [])
    }

    static func sites(_ r: CensusReport) -> ReportSection {
        let s = r.sites
        return ReportSection(
            id: "sites", title: "Sites",
            facts: [("observed", String(s.count.observed)), ("estimate", estimateText(s.count))],
            tables: [
                ReportTable(id: "sites_by_category", title: "Sites by category", header: ["category", "sites"],
                            rows: s.byCategory.map { [$0.key, String($0.count)] }),
                ReportTable(id: "sites", title: "Sites", header: ["name", "category", "addresses", "seen by"],
                            rows: s.list.map { [$0.name, $0.category, list($0.addrs), list($0.evidence)] }),
            ], remarks: [])
    }

    static func users(_ r: CensusReport) -> ReportSection {
        let u = r.users
        return ReportSection(
            id: "users", title: "Users",
            facts: [("client addresses", String(u.clientAddrs)), ("devices", String(u.devices)), ("estimate", estimateText(u.count)),
                    ("by access type", u.byAccessType == nil ? u.byAccessTypeStatus : "see table")],
            tables: [ReportTable(id: "users_by_subnet", title: "Client addresses by subnet", header: ["subnet", "client addresses"],
                                 rows: u.bySubnet.map { [$0.key, String($0.count)] })]
                + (u.byAccessType.map { [ReportTable(id: "users_by_access_type", title: "Client addresses by access type",
                                                      header: ["access type", "client addresses"], rows: $0.map { [$0.key, String($0.count)] })] } ?? []),
            remarks: [])
    }

    /// "3 (25 %)", or the count alone when there is nothing to share.
    static func shared(_ n: Int, _ share: Double?) -> String {
        share.map { "\(n) (\(num($0 * 100)) %)" } ?? String(n)
    }

    static func services(_ r: CensusReport) -> ReportSection {
        let s = r.services
        let u = s.unnamed
        return ReportSection(
            id: "services", title: "Spread of services",
            facts: [("services", String(s.list.count)),
                    ("with a product (nmap fingerprints)", String(s.list.filter { $0.product != nil }.count)),
                    ("unnamed services", shared(u.services, u.serviceShare)),
                    ("unnamed flows", shared(u.flows, u.flowShare)),
                    ("unnamed bytes", shared(u.bytes, u.byteShare))],
            tables: [
                ReportTable(id: "services_by_protocol", title: "Services by protocol", header: ["service", "count", "servers"],
                            rows: s.byService.map { [$0.service, String($0.count), String($0.servers)] }),
                ReportTable(id: "services_by_product", title: "Services by product", header: ["product", "versions", "services", "count", "servers"],
                            rows: s.byProduct.map { [$0.product, list($0.versions), list($0.services), String($0.count), String($0.servers)] }),
                ReportTable(id: "services_unnamed_ports", title: "Unnamed services: the ports with the most flows",
                            header: ["port", "transport", "services", "flows", "bytes"],
                            rows: u.ports.map { [String($0.port), $0.transport, String($0.services), String($0.flows), String($0.bytes)] }),
                ReportTable(id: "services_by_subnet", title: "Services by subnet", header: ["subnet", "service", "count"],
                            rows: s.bySubnet.map { [$0.subnet, $0.service, String($0.count)] }),
                ReportTable(id: "services", title: "Services",
                            header: ["address", "port", "transport", "service", "software", "clients", "product", "version", "flows", "bytes"],
                            rows: s.list.map { [$0.addr, String($0.port), $0.transport, $0.service ?? "unidentified", $0.software ?? "",
                                                String($0.clients), $0.product ?? "", $0.version ?? "", String($0.flows), String($0.bytes)] }),
            ], remarks: [])
    }

    static func hosts(_ r: CensusReport) -> ReportSection {
        ReportSection(
            id: "hosts", title: "Hosts", facts: [("hosts", String(r.hosts.count))],
            tables: [ReportTable(id: "hosts", title: "Hosts", header: ["address", "roles", "names", "MACs", "packets", "bytes"],
                                 rows: r.hosts.map { [$0.addr, list($0.roles), list($0.names), list($0.macs), String($0.packets), String($0.bytes)] })],
            remarks: [])
    }

    static func dns(_ r: CensusReport) -> ReportSection {
        let d = r.dns
        return ReportSection(
            id: "dns", title: "DNS",
            facts: [("names queried", String(Set(d.queries.map(\.name)).count)),
                    ("queries", String(d.queries.reduce(0) { $0 + $1.count })), ("distinct answers", String(d.answers))],
            tables: [
                ReportTable(id: "dns_zones", title: "Zones", header: ["zone", "name servers", "names", "AXFR requests", "zone transfer"],
                            rows: d.zones.map { [$0.zone, list($0.nameServers), String($0.names), String($0.transferRequests), $0.transfer] }),
                ReportTable(id: "dns_queries", title: "Queries", header: ["name", "type", "count"],
                            rows: d.queries.map { [$0.name, $0.type, String($0.count)] }),
            ], remarks: [])
    }

    static func airGap(_ r: CensusReport) -> ReportSection {
        let a = r.airGap
        return ReportSection(
            id: "airgap", title: "Air gap",
            facts: [("verdict", a.verdict ?? "not measured in this run"), ("outside addresses", String(a.outsideAddrs.count))],
            tables: (a.findings.map { f in
                [ReportTable(id: "airgap_findings", title: "Findings of the air-gap check", header: ["severity", "kind", "hosts", "bridge", "explanation"],
                             rows: f.map { [$0.severity, $0.kind, $0.hosts, $0.bridge, $0.explanation] })]
            } ?? []) + [ReportTable(id: "airgap_outside_addresses", title: "Host addresses outside the private ranges",
                                    header: ["address"], rows: a.outsideAddrs.map { [$0] })],
            remarks: [a.status])
    }

    static func dataQuality(_ r: CensusReport) -> ReportSection {
        let q = r.dataQuality
        return ReportSection(
            id: "quality", title: "Data quality",
            facts: [("packets cut by the snap length", String(q.truncatedPackets)),
                    ("undecodable packets", String(q.undecodablePackets)),
                    ("non-IP packets", String(q.nonIPPackets)),
                    ("IP fragments", "\(q.fragments.packets) packets, \(q.fragments.datagrams) datagrams"),
                    ("TCP flows without handshake", String(q.tcpWithoutHandshake)),
                    ("limits reached", q.limitsReached.isEmpty ? "none" : q.limitsReached.joined(separator: ", "))],
            tables: [
                ReportTable(id: "quality_anomalies", title: "Anomalies", header: ["code", "kind", "layer", "count"],
                            rows: q.anomalies.map { [$0.code, $0.kind, $0.layer, String($0.count)] }),
                ReportTable(id: "quality_incomplete_sources", title: "Inputs not read to their end", header: ["path", "status", "warning"],
                            rows: q.incompleteSources.map { [$0.path, $0.status, $0.warning ?? ""] }),
            ], remarks: [])
    }

    static func activity(_ r: CensusReport) -> ReportSection {
        ReportSection(
            id: "activity", title: "Activity over time",
            facts: [("bucket", "\(r.activity.bucketMS) ms"), ("non-empty buckets", String(r.activity.buckets.count))],
            tables: [ReportTable(id: "activity", title: "Packets per bucket", header: ["start", "packets", "bytes"],
                                 rows: r.activity.buckets.map { [$0.start, String($0.packets), String($0.bytes)] })],
            remarks: [])
    }

    static func notes(_ r: CensusReport) -> ReportSection {
        ReportSection(id: "method", title: "Method notes", facts: r.methodNotes.map { ($0.topic, $0.text) }, tables: [], remarks: [])
    }
}
