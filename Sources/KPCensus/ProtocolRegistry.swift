import KPModel
import KPWire

/// One protocol's part of the census: the tables of what its decoder reads and the
/// inventory section it writes. On the packet path the census calls a recorder by
/// its concrete type (a stored instance, static dispatch) and hands it what it
/// shares (the context, the stream table, another recorder); this protocol serves
/// only at the end of a run, when every registered recorder writes its part.
protocol ProtocolRecorder: AnyObject {
    /// Writes this recorder's section of the inventory (`all` for what another recorder knows).
    func write(into inv: inout Inventory, from all: Recorders)
    /// Adds the names this protocol learnt for addresses (they become `hosts[].names`).
    func addHostNames(to names: inout [IPAddress: Set<String>])
    /// Adds the first sightings of what it recorded.
    func addObservations(to out: inout [Observation])
}

extension ProtocolRecorder {
    func write(into inv: inout Inventory, from all: Recorders) {}
    func addHostNames(to names: inout [IPAddress: Set<String>]) {}
    func addObservations(to out: inout [Observation]) {}
}

/// The application protocol a flow carries, as far as its content told: a case and
/// its name per protocol (the raw value indexes a service's votes).
enum AppProtocol: UInt8, CaseIterable {
    case unknown, http, tls, ssh, smtp, pop3, imap, ftp, dns, dhcp
    /// Named by one of KPWire's detectors, whose index the flow keeps (`FlowState.detector`).
    case detected

    var name: String? {
        switch self {
        case .unknown: return nil
        case .http: return "http"
        case .tls: return "tls"
        case .ssh: return "ssh"
        case .smtp: return "smtp"
        case .pop3: return "pop3"
        case .imap: return "imap"
        case .ftp: return "ftp"
        case .dns: return "dns"
        case .dhcp: return "dhcp"
        case .detected: return nil
        }
    }

    /// The protocol a decoder named (`Banners` names its text protocols); unknown for a name not listed.
    init(service: String) {
        self = AppProtocol.allCases.first { $0.name == service } ?? .unknown
    }

    /// A service's vote slot for a flow: the case's raw value, or past the cases the
    /// index of the detector that named it.
    static func voteIndex(_ app: AppProtocol, detector: UInt8) -> Int {
        app == .detected && detector > 0 ? allCases.count + Int(detector) - 1 : Int(app.rawValue)
    }

    /// The service name of a vote slot (nil for unknown).
    static func serviceName(voteIndex i: Int) -> String? {
        i < allCases.count ? AppProtocol(rawValue: UInt8(i))?.name : DetectionRecorder.service(UInt8(i - allCases.count + 1))
    }
}

/// The registry: a line per protocol, its recorder, made once per census and held by
/// it, and its name in `all`. Nothing else is stored here (a test checks that `all`
/// lists every stored recorder).
struct Recorders {
    let services = ServicesRecorder()
    let dns = DNSRecorder()
    let sites = SitesRecorder()
    let http = HTTPRecorder()
    let tls = TLSRecorder()
    let dhcp = DHCPRecorder()
    let banners = BannersRecorder()
    let detection = DetectionRecorder()
    let fingerprints = FingerprintRecorder()

    /// Every recorder above, for the inventory and the observations (once a run, never
    /// per packet). Each writes its own section, so the order does not change the output.
    /// A list rather than a `Mirror` of the properties: casting those to the protocol
    /// looks its conformances up at run time, 0.4 % of `analyze` on 200,000 packets.
    var all: [any ProtocolRecorder] { [services, dns, sites, http, tls, dhcp, banners, detection, fingerprints] }
}
