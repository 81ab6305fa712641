import KPModel
import KPWire

struct DHCPLeaseRecord {
    var addr: IPAddress?
    var hostName: String?
    var vendorClass: String?
}

/// DHCP (RFC 2131, ports 67/68): leases by client MAC (host name and vendor class
/// from the client, the address from the server's ACK), and the servers that answer.
/// Writes `dhcp`; a lease's host name names its address.
final class DHCPRecorder: ProtocolRecorder {
    var leases: [MACAddress: DHCPLeaseRecord] = [:]

    static func isDHCP(srcPort: UInt16, dstPort: UInt16) -> Bool {
        (srcPort == 67 || srcPort == 68) && (dstPort == 67 || dstPort == 68)
    }

    /// A UDP datagram between ports 67 and 68.
    func readDatagram(_ payload: UnsafeRawBufferPointer, cut: Bool, from sender: IPAddress, port: UInt16, flow fl: inout FlowState,
                      services: ServicesRecorder, hosts: inout HostTable, _ context: RecordingContext) {
        let (message, problem) = DHCPDecoder.parse(payload, cut: cut)
        if let problem { context.count(problem) }
        guard let message else { return }
        fl.identify(.dhcp)
        record(message)
        if message.op == 2 && port == 67 { recordServer(sender, client: message.yourAddress, services: services, hosts: &hosts, context) }
    }

    /// A DHCP server answers to broadcast or to an address the client does not have
    /// yet, so no flow shows it answering: its reply registers the service.
    func recordServer(_ server: IPAddress, client: IPAddress, services: ServicesRecorder, hosts: inout HostTable, _ context: RecordingContext) {
        guard server.isUnicast, client.isUnicast else { return }
        _ = services.add(ServiceKey(addr: server, port: 67, proto: 17), client: client, app: .dhcp, software: nil, first: context.current,
                         maxClients: context.limits.maxClientsPerService)
        hosts.markServer(server)
    }

    func record(_ m: DHCPMessage) {
        guard let mac = m.clientMAC, mac.isUnicast else { return }
        var lease = leases[mac] ?? DHCPLeaseRecord()
        if m.op == 1 {
            lease.hostName = m.hostName ?? lease.hostName
            lease.vendorClass = m.vendorClass ?? lease.vendorClass
        } else if m.messageType == 5, m.yourAddress != .zero {
            lease.addr = m.yourAddress
        }
        leases[mac] = lease
    }

    func write(into inv: inout Inventory, from all: Recorders) {
        inv.dhcp = leases.sorted { $0.key < $1.key }.map { mac, lease in
            Inventory.DHCPLease(mac: mac.description, addr: lease.addr?.description, hostName: lease.hostName, vendorClass: lease.vendorClass)
        }
    }

    func addHostNames(to names: inout [IPAddress: Set<String>]) {
        for lease in leases.values {
            if let addr = lease.addr, let name = lease.hostName { names[addr, default: []].insert(name.asciiLowercased) }
        }
    }
}
