import Foundation
import KPWire

/// The concrete network a spec and a seed give: sites on servers in provinces,
/// resolvers, mail servers, client addresses and the devices behind them, each
/// device with its own TCP/IP stack. Drawn once, before any packet is written.
struct SimWorld {
    struct Site {
        var name: String
        var addr: UInt32
        var https: Bool
        var software: Int
        var category: String
    }

    enum IPIDMode: String { case global, perDestination = "per_destination", random, zero }

    struct Stack {
        var name: String
        var ttl: UInt8
        var ipid: IPIDMode
        /// TCP timestamp clock in Hz, 0 when the stack sends no timestamps.
        var tsHz: Double
        var userAgents: [Int]
    }

    struct Device {
        var client: Int
        var stack: Int
        var ttl: UInt8
        var ipidMode: IPIDMode
        var ipid: UInt16
        var secret: UInt32
        var tsHz: Double
        var tsOffset: UInt32
        var tsSkew: Double
        var userAgent: Int
        var nextPort: UInt16
        var rate: Double
        var active = false
    }

    struct Client {
        var addr: UInt32
        var kind: String
        var devices: Range<Int>
    }

    static let userAgents = [
        "Mozilla/5.0 (X11; U; Linux i686; ko-KP; rv: 19.1br) Gecko/20130508 Fedora/1.9.1-2.5.rs3.0 NaenaraBrowser/3.5b4",
        "Mozilla/5.0 (X11; Linux i686; rv:45.0) Gecko/20100101 Firefox/45.0 NaenaraBrowser/4.0",
        "Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko",
        "Mozilla/5.0 (Windows NT 5.1; rv:52.0) Gecko/20100101 Firefox/52.0",
        "Mozilla/5.0 (Linux; Android 4.4.2; Arirang AS1201) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/30.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 7.1; Pyongyang 2423) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/55.0.2883.91 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 4.4.2; Samjiyon SJ7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/30.0.0.0 Safari/537.36",
    ]

    /// Real-world stack behaviours: Windows has a global IP ID counter and no TCP
    /// timestamps by default; Linux (Red Star OS, Android) sends timestamps and
    /// uses per-destination, random or zero IP IDs.
    static let stacks = [
        Stack(name: "windows", ttl: 128, ipid: .global, tsHz: 0, userAgents: [2, 3]),
        Stack(name: "redstar", ttl: 64, ipid: .perDestination, tsHz: 1000, userAgents: [0, 1]),
        Stack(name: "android", ttl: 64, ipid: .zero, tsHz: 100, userAgents: [4, 5, 6]),
        Stack(name: "android-new", ttl: 64, ipid: .random, tsHz: 1000, userAgents: [5]),
        Stack(name: "android-250", ttl: 64, ipid: .perDestination, tsHz: 250, userAgents: [4, 6]),
    ]

    /// Stack shares per kind of access.
    static func stackWeights(_ kind: String) -> [Double] {
        switch kind {
        case "home": return [0.45, 0.3, 0.1, 0.1, 0.05]
        case "cafe": return [0.6, 0.4, 0, 0, 0]
        case "university", "office": return [0.3, 0.7, 0, 0, 0]
        default: return [0, 0, 0.4, 0.4, 0.2]       // mobile
        }
    }

    static let serverSoftware = ["Apache/2.2.15 (Red Hat)", "nginx/1.10.3", "Apache/2.4.6 (Red Star)", "Microsoft-IIS/6.0"]

    /// The .kp domains of the 2016 public zone (Datasets: kp-public-zone-2016.txt),
    /// the most visited sites of the simulation, with their kind of service.
    static let knownSites: [(String, String)] = [
        ("naenara.com.kp", "portal"), ("kcna.kp", "news"), ("rodong.rep.kp", "news"), ("vok.rep.kp", "news"),
        ("silibank.net.kp", "mail"), ("airkoryo.com.kp", "travel"), ("friend.com.kp", "portal"),
        ("korfilm.com.kp", "iptv"), ("kiyctc.com.kp", "shop"), ("knic.com.kp", "portal"),
        ("masikryong.com.kp", "travel"), ("ryongnamsan.edu.kp", "university"), ("star.edu.kp", "university"),
        ("ma.gov.kp", "government"), ("nta.gov.kp", "government"), ("portal.net.kp", "portal"),
        ("rcc.net.kp", "portal"), ("star.net.kp", "portal"), ("star-co.net.kp", "shop"), ("star-di.net.kp", "shop"),
        ("cooks.org.kp", "library"), ("kass.org.kp", "library"), ("koredufund.org.kp", "library"),
        ("korelcfund.org.kp", "library"), ("sdprk.org.kp", "library"), ("gnu.rep.kp", "news"),
        ("star.co.kp", "shop"), ("manbang.tv.kp", "iptv"),
    ]

    /// Generated sites: category, name stem, second-level domain, weight
    /// (the services reported on Kwangmyong: kwangmyong-facts.md).
    static let categories: [(String, String, String, Double)] = [
        ("library", "lib", "edu.kp", 0.2), ("university", "univ", "edu.kp", 0.15), ("news", "news", "rep.kp", 0.1),
        ("shop", "shop", "com.kp", 0.12), ("bank", "bank", "com.kp", 0.03), ("iptv", "tv", "net.kp", 0.05),
        ("videoconf", "rakwon", "net.kp", 0.03), ("chat", "chat", "net.kp", 0.08), ("games", "game", "net.kp", 0.08),
        ("science", "sci", "org.kp", 0.1), ("dictionary", "dict", "org.kp", 0.03), ("medicine", "med", "org.kp", 0.03),
    ]

    var sites: [Site] = []
    var sitePopularity: AliasTable
    var resolvers: [UInt32] = []
    var mailServers: [UInt32] = []
    var clients: [Client] = []
    var devices: [Device] = []
    var deviceRate: AliasTable
    var totalRate: Double

    static func v4(_ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: UInt32) -> UInt32 { a << 24 | b << 16 | c << 8 | d }

    init(spec: SimSpec, rng: inout SplitMix64) {
        // Servers: province P is 10.(P+1).0.0/16; the Naenara portal keeps 10.76.1.11 (its published address).
        let provinces = spec.sites.provinces
        var serverSeq = [UInt32](repeating: 0, count: provinces)
        func newServer(_ p: Int) -> UInt32 {
            serverSeq[p] += 1
            let n = serverSeq[p]
            return SimWorld.v4(10, UInt32(p + 1), 1 + n / 250, 1 + n % 250)
        }
        let serverCount = max(1, Int((Double(spec.sites.count) / spec.sites.sitesPerServer).rounded(.up)))
        var servers: [UInt32] = []
        for _ in 0 ..< serverCount {
            // Servers crowd in the capital's province (index 0) and thin out elsewhere.
            let p = rng.chance(0.5) ? 0 : rng.below(provinces)
            servers.append(newServer(p))
        }
        let categoryTable = AliasTable(weights: SimWorld.categories.map(\.3))
        var perCategory: [Int] = Array(repeating: 0, count: SimWorld.categories.count)
        for i in 0 ..< spec.sites.count {
            var s: Site
            if i < SimWorld.knownSites.count {
                let (name, cat) = SimWorld.knownSites[i]
                s = Site(name: name, addr: servers[rng.below(servers.count)], https: false, software: 0, category: cat)
                if name == "naenara.com.kp" { s.addr = SimWorld.v4(10, 76, 1, 11) }
            } else {
                let c = categoryTable.draw(&rng)
                perCategory[c] += 1
                let (cat, stem, sld, _) = SimWorld.categories[c]
                s = Site(name: "\(stem)\(perCategory[c]).\(sld)", addr: servers[rng.below(servers.count)], https: false,
                         software: 0, category: cat)
            }
            s.https = rng.chance(spec.sites.httpsShare)
            s.software = rng.below(SimWorld.serverSoftware.count)
            sites.append(s)
        }
        // Rank order is a random permutation of the sites, apart from the well-known ones on top.
        var ranks = Array(0 ..< sites.count)
        if ranks.count > SimWorld.knownSites.count {
            for i in stride(from: ranks.count - 1, to: SimWorld.knownSites.count, by: -1) {
                let j = SimWorld.knownSites.count + rng.below(i - SimWorld.knownSites.count + 1)
                ranks.swapAt(i, j)
            }
        }
        var weights = [Double](repeating: 0, count: sites.count)
        for (r, i) in ranks.enumerated() {
            weights[i] = pow(Double(r + 1) + spec.sites.zipfOffset, -spec.sites.zipfExponent)
        }
        sitePopularity = AliasTable(weights: weights)
        for i in 0 ..< spec.resolvers { resolvers.append(SimWorld.v4(10, 76, 0, UInt32(2 + i))) }
        for _ in 0 ..< spec.mailServers { mailServers.append(newServer(rng.below(provinces))) }

        // Clients: each kind of access has its own /16 block(s) from 10.100.0.0 up.
        var block: UInt32 = 100
        let meanRate = spec.activity.sessionsPerDay / 86400
        for a in spec.access {
            let weights = SimWorld.stackWeights(a.kind)
            let stackTable = AliasTable(weights: weights)
            for n in 0 ..< a.addresses {
                let hi = block + UInt32(n / 65000)
                let lo = UInt32(n % 65000) + 1
                let addr = SimWorld.v4(10, hi, lo >> 8, lo & 0xff)
                let count = rng.int(a.devices[0] ... a.devices[1])
                let first = devices.count
                let cafeImage = stackTable.draw(&rng)       // shared places run one system image
                let shared = a.kind == "cafe" || a.kind == "university" || a.kind == "office"
                for _ in 0 ..< count {
                    let st = shared && rng.chance(0.7) ? cafeImage : stackTable.draw(&rng)
                    let stack = SimWorld.stacks[st]
                    // Behind a NAT router the TTL is one lower than the stack's.
                    let hops: UInt8 = count > 1 || a.kind == "mobile" ? 1 : 0
                    let ua = stack.userAgents[shared && st == cafeImage ? 0 : rng.below(stack.userAgents.count)]
                    devices.append(Device(
                        client: clients.count, stack: st, ttl: stack.ttl - hops, ipidMode: stack.ipid,
                        ipid: UInt16(truncatingIfNeeded: rng.next()), secret: UInt32(truncatingIfNeeded: rng.next()),
                        tsHz: stack.tsHz, tsOffset: UInt32(truncatingIfNeeded: rng.next()),
                        tsSkew: (rng.unit() * 2 - 1) * 100e-6, userAgent: ua,
                        nextPort: UInt16(32768 + rng.below(28000)),
                        rate: meanRate * rng.gamma(shape: spec.activity.shape) / spec.activity.shape))
                }
                clients.append(Client(addr: addr, kind: a.kind, devices: first ..< devices.count))
            }
            block += UInt32(max(1, (a.addresses + 64999) / 65000))
        }
        deviceRate = AliasTable(weights: devices.map(\.rate))
        totalRate = devices.reduce(0) { $0 + $1.rate }
    }
}
