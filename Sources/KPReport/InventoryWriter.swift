import Foundation
import KPCensus

/// `kpcensus.inventory/1` JSON written member by member, keys in sorted order, every
/// key present (null when unknown): the bytes `CanonicalJSON.encode(inv)` gives,
/// without Codable's containers and boxing, which were most of the encoding cost
/// on a long capture. The scan section (scan runs only, small) still goes through
/// JSONEncoder.
enum InventoryWriter {
    static func encode(_ inv: Inventory) throws -> Data {
        var w = JSONBytes()
        w.out.reserveCapacity(1 << 16)
        w.openObject()
        w.key("activity"); activity(inv.activity, &w)
        w.key("anomalies"); list(inv.anomalies, &w, anomaly)
        w.key("client_devices"); try list(inv.clientDevices, &w, clientDevices)
        w.key("dhcp"); list(inv.dhcp, &w, lease)
        w.key("dns"); dns(inv.dns, &w)
        w.key("flows"); flows(inv.flows, &w)
        w.key("hosts"); list(inv.hosts, &w, host)
        w.key("http"); http(inv.http, &w)
        w.key("input"); input(inv.input, &w)
        if let scan = inv.scan {
            w.key("scan")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            CanonicalJSON.indent(try encoder.encode(scan), depth: w.currentDepth, into: &w.out)
        }
        w.key("schema"); w.string(inv.schema)
        w.key("services"); list(inv.services, &w, service)
        w.key("site_count"); try estimate(inv.siteCount, &w)
        w.key("sites"); list(inv.sites, &w, site)
        w.key("spread"); try spread(inv.spread, &w)
        w.key("tls"); tls(inv.tls, &w)
        w.key("users"); try users(inv.users, &w)
        w.closeObject()
        w.out.append(0x0a)
        return Data(w.out)
    }

    private static func list<T>(_ items: [T], _ w: inout JSONBytes, _ item: (T, inout JSONBytes) throws -> Void) rethrows {
        w.openArray()
        for x in items {
            w.element()
            try item(x, &w)
        }
        w.closeArray()
    }

    private static func activity(_ a: Inventory.Activity, _ w: inout JSONBytes) {
        w.openObject()
        w.key("bucket_ms"); w.int(a.bucketMS)
        w.key("buckets")
        list(a.buckets, &w) { b, w in
            w.openObject()
            w.key("bytes"); w.int(b.bytes)
            w.key("packets"); w.int(b.packets)
            w.key("start"); w.string(b.start)
            w.closeObject()
        }
        w.closeObject()
    }

    private static func anomaly(_ a: Inventory.Anomaly, _ w: inout JSONBytes) {
        w.openObject()
        w.key("code"); w.string(a.code)
        w.key("count"); w.int(a.count)
        w.key("kind"); w.string(a.kind)
        w.key("layer"); w.string(a.layer)
        w.closeObject()
    }

    private static func clientDevices(_ c: Inventory.ClientDevices, _ w: inout JSONBytes) throws {
        w.openObject()
        w.key("addr"); w.string(c.addr)
        w.key("confidence"); try w.double(c.confidence)
        w.key("devices"); w.int(c.devices)
        w.key("user_agents"); w.int(c.userAgents)
        w.closeObject()
    }

    private static func lease(_ l: Inventory.DHCPLease, _ w: inout JSONBytes) {
        w.openObject()
        w.key("addr"); w.string(l.addr)
        w.key("host_name"); w.string(l.hostName)
        w.key("mac"); w.string(l.mac)
        w.key("vendor_class"); w.string(l.vendorClass)
        w.closeObject()
    }

    private static func dns(_ d: Inventory.DNS, _ w: inout JSONBytes) {
        w.openObject()
        w.key("answers")
        list(d.answers, &w) { a, w in
            w.openObject()
            w.key("data"); w.string(a.data)
            w.key("name"); w.string(a.name)
            w.key("type"); w.string(a.type)
            w.closeObject()
        }
        w.key("queries")
        list(d.queries, &w) { q, w in
            w.openObject()
            w.key("count"); w.int(q.count)
            w.key("name"); w.string(q.name)
            w.key("type"); w.string(q.type)
            w.closeObject()
        }
        w.closeObject()
    }

    private static func flows(_ f: Inventory.Flows, _ w: inout JSONBytes) {
        w.openObject()
        w.key("icmp"); w.int(f.icmp)
        w.key("other"); w.int(f.other)
        w.key("tcp"); w.int(f.tcp)
        w.key("tcp_without_handshake"); w.int(f.tcpWithoutHandshake)
        w.key("timeouts")
        w.openObject()
        w.key("icmp"); w.int(f.timeouts.icmp)
        w.key("tcp"); w.int(f.timeouts.tcp)
        w.key("tcp_closed"); w.int(f.timeouts.tcpClosed)
        w.key("udp"); w.int(f.timeouts.udp)
        w.closeObject()
        w.key("udp"); w.int(f.udp)
        w.closeObject()
    }

    private static func host(_ h: Inventory.Host, _ w: inout JSONBytes) {
        w.openObject()
        w.key("addr"); w.string(h.addr)
        w.key("bytes"); w.int(h.bytes)
        w.key("macs"); w.strings(h.macs)
        w.key("names"); w.strings(h.names)
        w.key("packets"); w.int(h.packets)
        w.key("roles"); w.strings(h.roles)
        w.closeObject()
    }

    private static func http(_ h: Inventory.HTTP, _ w: inout JSONBytes) {
        w.openObject()
        w.key("hosts")
        list(h.hosts, &w) { x, w in
            w.openObject()
            w.key("host"); w.string(x.host)
            w.key("requests"); w.int(x.requests)
            w.closeObject()
        }
        w.key("requests"); w.int(h.requests)
        w.closeObject()
    }

    private static func input(_ i: Inventory.Input, _ w: inout JSONBytes) {
        w.openObject()
        w.key("bytes"); w.int(i.bytes)
        w.key("files")
        list(i.files, &w) { f, w in
            w.openObject()
            w.key("format"); w.string(f.format)
            w.key("linktype"); w.string(f.linktype)
            w.key("packets"); w.int(f.packets)
            w.key("path"); w.string(f.path)
            w.key("status"); w.string(f.status)
            w.key("warning"); w.string(f.warning)
            w.closeObject()
        }
        w.key("filter"); w.string(i.filter)
        w.key("first"); w.string(i.first)
        w.key("fragments")
        w.openObject()
        w.key("datagrams"); w.int(i.fragments.datagrams)
        w.key("packets"); w.int(i.fragments.packets)
        w.closeObject()
        w.key("last"); w.string(i.last)
        w.key("non_ip_packets"); w.int(i.nonIPPackets)
        w.key("packets"); w.int(i.packets)
        w.key("truncated_packets"); w.int(i.truncatedPackets)
        w.key("undecodable_packets"); w.int(i.undecodablePackets)
        w.closeObject()
    }

    private static func service(_ s: Inventory.Service, _ w: inout JSONBytes) {
        w.openObject()
        w.key("addr"); w.string(s.addr)
        w.key("clients"); w.int(s.clients)
        w.key("port"); w.int(s.port)
        w.key("service"); w.string(s.service)
        w.key("software"); w.string(s.software)
        w.key("transport"); w.string(s.transport)
        w.closeObject()
    }

    private static func ci95(_ v: [Double]?, _ w: inout JSONBytes) throws {
        if let v { try w.doubles(v) } else { w.null() }
    }

    private static func models(_ ms: [Inventory.Model], _ w: inout JSONBytes) throws {
        try list(ms, &w) { m, w in
            w.openObject()
            w.key("aic"); try w.double(m.aic)
            w.key("ci95"); try w.doubles(m.ci95)
            w.key("estimate"); try w.double(m.estimate)
            w.key("method"); w.string(m.method)
            w.closeObject()
        }
    }

    private static func estimate(_ e: Inventory.Estimate, _ w: inout JSONBytes) throws {
        w.openObject()
        w.key("ci95"); try ci95(e.ci95, &w)
        w.key("estimate"); try w.double(e.estimate)
        w.key("method"); w.string(e.method)
        w.key("models"); try models(e.models, &w)
        w.key("observed"); w.int(e.observed)
        w.key("occasions"); w.int(e.occasions)
        w.key("reason"); w.string(e.reason)
        w.closeObject()
    }

    private static func users(_ u: Inventory.Users, _ w: inout JSONBytes) throws {
        w.openObject()
        w.key("ci95"); try ci95(u.ci95, &w)
        w.key("client_addrs"); w.int(u.clientAddrs)
        w.key("devices"); w.int(u.devices)
        w.key("estimate"); try w.double(u.estimate)
        w.key("method"); w.string(u.method)
        w.key("models"); try models(u.models, &w)
        w.key("occasions"); w.int(u.occasions)
        w.key("reason"); w.string(u.reason)
        w.closeObject()
    }

    private static func site(_ s: Inventory.Site, _ w: inout JSONBytes) {
        w.openObject()
        w.key("addrs"); w.strings(s.addrs)
        w.key("evidence"); w.strings(s.evidence)
        w.key("name"); w.string(s.name)
        w.closeObject()
    }

    private static func spread(_ s: Inventory.Spread, _ w: inout JSONBytes) throws {
        w.openObject()
        w.key("hosts"); w.int(s.hosts)
        w.key("services")
        try list(s.services, &w) { x, w in
            w.openObject()
            w.key("hhi"); try w.double(x.hhi)
            w.key("host_share"); try w.double(x.hostShare)
            w.key("hosts"); w.int(x.hosts)
            w.key("service"); w.string(x.service)
            w.key("subnet_share"); try w.double(x.subnetShare)
            w.key("subnets"); w.int(x.subnets)
            w.closeObject()
        }
        w.key("subnet_prefix"); w.int(s.subnetPrefix)
        w.key("subnets"); w.int(s.subnets)
        w.closeObject()
    }

    private static func tls(_ t: Inventory.TLS, _ w: inout JSONBytes) {
        w.openObject()
        w.key("certificate_names"); list(t.certificateNames, &w, tlsName)
        w.key("server_names"); list(t.serverNames, &w, tlsName)
        w.closeObject()
    }

    private static func tlsName(_ n: Inventory.TLSName, _ w: inout JSONBytes) {
        w.openObject()
        w.key("count"); w.int(n.count)
        w.key("name"); w.string(n.name)
        w.closeObject()
    }
}
