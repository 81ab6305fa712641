import KPWire
import XCTest

/// Community ID v1 against values from tools other than kpcensus: the specification's
/// own baseline (corelight/community-id-spec, baseline/baseline_deflt.json and
/// baseline_seed1.json, made by its reference implementation), and Wireshark 4.0 on
/// the golden captures:
///   tshark -r Datasets/captures/FILE --enable-protocol communityid -T fields \
///     -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst -e tcp.srcport … -e communityid
final class CommunityIDTests: XCTestCase {
    struct Flow {
        var proto: UInt8, saddr: String, daddr: String, sport: UInt16, dport: UInt16
        var id: String, seed1: String? = nil
    }

    func id(_ f: Flow, seed: UInt16 = 0) throws -> String {
        let s = try XCTUnwrap(IPAddress(f.saddr)), d = try XCTUnwrap(IPAddress(f.daddr))
        return CommunityID.v1(source: s, destination: d, sourcePort: f.sport, destinationPort: f.dport, proto: f.proto, seed: seed)
    }

    /// Every flow of the specification's baseline, seed 0 and seed 1. For the ICMPs the
    /// baseline's ports are the type and code the packet carried.
    let baseline: [Flow] = [
        Flow(proto: 58, saddr: "fe80::200:86ff:fe05:80da", daddr: "fe80::260:97ff:fe07:69ea", sport: 135, dport: 136, id: "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=", seed1: "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY="),
        Flow(proto: 58, saddr: "fe80::260:97ff:fe07:69ea", daddr: "fe80::200:86ff:fe05:80da", sport: 136, dport: 135, id: "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=", seed1: "1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY="),
        Flow(proto: 58, saddr: "fe80::260:97ff:fe07:69ea", daddr: "fe80::200:86ff:fe05:80da", sport: 135, dport: 136, id: "1:zavyT/cezQr1fmImYCwYnMXbgck=", seed1: "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM="),
        Flow(proto: 58, saddr: "fe80::200:86ff:fe05:80da", daddr: "fe80::260:97ff:fe07:69ea", sport: 136, dport: 135, id: "1:zavyT/cezQr1fmImYCwYnMXbgck=", seed1: "1:2hSqmsDZ2kdcY9kbiUzOEBic0iM="),
        Flow(proto: 58, saddr: "3ffe:501:1800:2345::2", daddr: "3ffe:507:0:1:200:86ff:fe05:80da", sport: 3, dport: 0, id: "1:2ObVBgIn28oZvibYZhZMBgh7WdQ=", seed1: "1:lVEtCZpYu84Xqaa++3lXFyuu2n4="),
        Flow(proto: 58, saddr: "3ffe:501:410:0:2c0:dfff:fe47:33e", daddr: "3ffe:507:0:1:200:86ff:fe05:80da", sport: 1, dport: 4, id: "1:hLZd0XGWojozrvxqE0dWB1iM6R0=", seed1: "1:W8MHwXpWzpoSTD+cGcaJr4u0ys8="),
        Flow(proto: 58, saddr: "3ffe:507:0:1:200:86ff:fe05:80da", daddr: "3ffe:501:0:1001::2", sport: 128, dport: 129, id: "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=", seed1: "1:GfZxjAkDk2MkegpBYHV6tadtFXQ="),
        Flow(proto: 58, saddr: "3ffe:501:0:1001::2", daddr: "3ffe:507:0:1:200:86ff:fe05:80da", sport: 129, dport: 128, id: "1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=", seed1: "1:GfZxjAkDk2MkegpBYHV6tadtFXQ="),
        Flow(proto: 58, saddr: "fe80::200:86ff:fe05:80da", daddr: "ff02::2", sport: 133, dport: 134, id: "1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=", seed1: "1:L7Ka0ZMYu+J3bL4ulW2PrqyXNo8="),
        Flow(proto: 58, saddr: "fe80::260:97ff:fe07:69ea", daddr: "ff02::1", sport: 134, dport: 133, id: "1:pkvHqCL88/tg1k4cPigmZXUtL00=", seed1: "1:K/ee5UCqAMAQXDorP5nSa2CGLjc="),
        Flow(proto: 1, saddr: "192.168.0.89", daddr: "192.168.0.1", sport: 8, dport: 0, id: "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=", seed1: "1:03g6IloqVBdcZlPyX8r0hgoE7kA="),
        Flow(proto: 1, saddr: "192.168.0.1", daddr: "192.168.0.89", sport: 0, dport: 8, id: "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=", seed1: "1:03g6IloqVBdcZlPyX8r0hgoE7kA="),
        Flow(proto: 1, saddr: "10.0.0.1", daddr: "10.0.0.2", sport: 11, dport: 0, id: "1:YHxtAirCG//0OzkcVAukqKQN9xM=", seed1: "1:XjUibYHaafLQ3pxQeiMI8g25q20="),
        Flow(proto: 6, saddr: "2001:470:e5bf:dead:4957:2174:e82c:4887", daddr: "2607:f8b0:400c:c03::1a", sport: 63943, dport: 25, id: "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=", seed1: "1:eJYTW6AOzFLlSUoESovMjnu7rMw="),
        Flow(proto: 6, saddr: "2607:f8b0:400c:c03::1a", daddr: "2001:470:e5bf:dead:4957:2174:e82c:4887", sport: 25, dport: 63943, id: "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=", seed1: "1:eJYTW6AOzFLlSUoESovMjnu7rMw="),
        Flow(proto: 132, saddr: "192.168.170.8", daddr: "192.168.170.56", sport: 7, dport: 7, id: "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=", seed1: "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg="),
        Flow(proto: 132, saddr: "192.168.170.56", daddr: "192.168.170.8", sport: 7, dport: 7, id: "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=", seed1: "1:5w3ZRjeKBzqT3zsaEECDGjUbYeg="),
        Flow(proto: 6, saddr: "128.232.110.120", daddr: "66.35.250.204", sport: 34855, dport: 80, id: "1:LQU9qZlK+B5F3KDmev6m5PMibrg=", seed1: "1:3V71V58M3Ksw/yuFALMcW0LAHvc="),
        Flow(proto: 6, saddr: "66.35.250.204", daddr: "128.232.110.120", sport: 80, dport: 34855, id: "1:LQU9qZlK+B5F3KDmev6m5PMibrg=", seed1: "1:3V71V58M3Ksw/yuFALMcW0LAHvc="),
        Flow(proto: 17, saddr: "192.168.1.52", daddr: "8.8.8.8", sport: 54585, dport: 53, id: "1:d/FP5EW3wiY1vCndhwleRRKHowQ=", seed1: "1:Q9We8WO3piVF8yEQBNJF4uiSVrI="),
        Flow(proto: 17, saddr: "8.8.8.8", daddr: "192.168.1.52", sport: 53, dport: 54585, id: "1:d/FP5EW3wiY1vCndhwleRRKHowQ=", seed1: "1:Q9We8WO3piVF8yEQBNJF4uiSVrI="),
        // RSVP has no ports: only addresses and protocol are hashed.
        Flow(proto: 46, saddr: "10.1.12.1", daddr: "10.1.12.2", sport: 0, dport: 0, id: "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=", seed1: "1:rYir8gphR31noO9iDRQmF/BteEI="),
        Flow(proto: 46, saddr: "10.1.12.2", daddr: "10.1.12.1", sport: 0, dport: 0, id: "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=", seed1: "1:rYir8gphR31noO9iDRQmF/BteEI="),
    ]

    /// Flows of the golden captures, as tshark 4.0's communityid dissector names them.
    let wireshark: [Flow] = [
        // http-dns.pcap: TCP and UDP over IPv4.
        Flow(proto: 6, saddr: "10.1.0.10", daddr: "10.1.0.80", sport: 39916, dport: 80, id: "1:47MuQe+RnXC4GSzRjcdgTkelN9w="),
        Flow(proto: 17, saddr: "10.1.0.10", daddr: "10.1.0.53", sport: 32984, dport: 53, id: "1:CjZaeq/BUf9w84bK/7He4KfpsVA="),
        // dhcp.pcap: an ICMP echo request (type 8, code 0) and the broadcast DHCP discover.
        Flow(proto: 1, saddr: "10.6.0.1", daddr: "10.6.0.121", sport: 8, dport: 0, id: "1:A4lXa1imGZZZmDkNLwWJDY/RfqA="),
        Flow(proto: 17, saddr: "10.6.0.1", daddr: "10.6.0.121", sport: 67, dport: 68, id: "1:9ZNX/vbKRU4DLSGvG08Tn6vs9js="),
        Flow(proto: 17, saddr: "0.0.0.0", daddr: "255.255.255.255", sport: 68, dport: 67, id: "1:t9O1j0qj71O4wJM7gnaHtgmfev8="),
        // ipv6-ext.pcap: TCP and UDP over IPv6 both ways, a neighbour advertisement (136).
        Flow(proto: 6, saddr: "fd00:6b70:6::10", daddr: "fd00:6b70:6::1", sport: 60052, dport: 80, id: "1:PZ6WdC0QLuhJFoxQMwIEObg8Wfc="),
        Flow(proto: 6, saddr: "fd00:6b70:6::1", daddr: "fd00:6b70:6::10", sport: 80, dport: 60052, id: "1:PZ6WdC0QLuhJFoxQMwIEObg8Wfc="),
        Flow(proto: 17, saddr: "fd00:6b70:6::1", daddr: "fd00:6b70:6::10", sport: 53, dport: 40053, id: "1:TYCa4ZlGNhit3vjGIKxgF3eVips="),
        Flow(proto: 58, saddr: "fd00:6b70:6::1", daddr: "fd00:6b70:6::10", sport: 136, dport: 0, id: "1:mq8zj/Xiy0GxPh86vcowvrTW4QY="),
    ]

    func testSpecificationBaseline() throws {
        for f in baseline {
            XCTAssertEqual(try id(f), f.id, "\(f.proto) \(f.saddr) \(f.sport) → \(f.daddr) \(f.dport)")
            XCTAssertEqual(try id(f, seed: 1), f.seed1, "seed 1: \(f.proto) \(f.saddr) → \(f.daddr)")
        }
    }

    func testWiresharkOnGoldenCaptures() throws {
        for f in wireshark {
            XCTAssertEqual(try id(f), f.id, "\(f.proto) \(f.saddr) \(f.sport) → \(f.daddr) \(f.dport)")
        }
    }

    /// The spec's own ordering example: both directions order into 10.0.0.1, 127.0.0.1, 1234, 80.
    func testBothDirectionsAgree() throws {
        let a = Flow(proto: 6, saddr: "10.0.0.1", daddr: "127.0.0.1", sport: 1234, dport: 80, id: "")
        let b = Flow(proto: 6, saddr: "127.0.0.1", daddr: "10.0.0.1", sport: 80, dport: 1234, id: "")
        XCTAssertEqual(try id(a), try id(b))
        XCTAssertNotEqual(try id(a), try id(a, seed: 1))
        // Equal addresses: the ports decide the order.
        let c = Flow(proto: 17, saddr: "10.0.0.1", daddr: "10.0.0.1", sport: 5000, dport: 53, id: "")
        let d = Flow(proto: 17, saddr: "10.0.0.1", daddr: "10.0.0.1", sport: 53, dport: 5000, id: "")
        XCTAssertEqual(try id(c), try id(d))
    }
}
