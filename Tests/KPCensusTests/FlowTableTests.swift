import KPWire
import XCTest
@testable import KPCensus

/// FlowTable (slots, free list, FlowIndex with backward-shift removal and growth)
/// against a dictionary: after every random insert, removal or lookup, both must say
/// the same slot for the key, and the same for every key at the end.
final class FlowTableTests: XCTestCase {
    func key(_ n: Int) -> FlowKey {
        FlowKey(a: IPAddress("10.0.\(n / 250).\(n % 250 + 1)")!, b: IPAddress("10.76.1.10")!,
                aPort: UInt16(1024 + n), bPort: 80, proto: 6, vlan: 0)
    }

    func state(_ k: FlowKey) -> FlowState {
        FlowState(key: k, first: 0, last: 0, firstSource: PacketSource(file: 0, packet: 0, timestamp: 0))
    }

    func testAgreesWithADictionary() {
        var table = FlowTable(capacity: 100_000)
        var model: [FlowKey: Int] = [:]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15   // fixed seed: a failure replays
        func next() -> Int { x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return Int(x >> 33) }
        var mismatches: [String] = []
        for step in 0 ..< 200_000 {
            let k = key(next() % 5000)
            switch next() % 3 {
            case 0 where model[k] == nil:
                guard let slot = table.insert(state(k)) else { XCTFail("insert refused below capacity"); return }
                model[k] = slot
            case 1:
                if let slot = model.removeValue(forKey: k) { table.remove(slot) }
            default:
                break
            }
            if table.find(k) != model[k], mismatches.count < 5 { mismatches.append("step \(step): \(k) table \(String(describing: table.find(k))) model \(String(describing: model[k]))") }
        }
        for n in 0 ..< 5000 where table.find(key(n)) != model[key(n)] && mismatches.count < 10 {
            mismatches.append("end: key \(n) table \(String(describing: table.find(key(n)))) model \(String(describing: model[key(n)]))")
        }
        XCTAssertEqual(mismatches, [])
        XCTAssertEqual(table.activeCount, model.count)
        XCTAssertGreaterThan(model.count, 1000, "the index grew past its first 1024 buckets")
    }

    func testRefusesPastCapacity() {
        var table = FlowTable(capacity: 10)
        for n in 0 ..< 10 { XCTAssertNotNil(table.insert(state(key(n)))) }
        XCTAssertNil(table.insert(state(key(10))))
        XCTAssertEqual(table.refused, 1)
        XCTAssertEqual(table.find(key(3)), 3)
        table.remove(3)
        XCTAssertNil(table.find(key(3)))
        XCTAssertEqual(table.insert(state(key(10))), 3, "the freed slot is reused")
    }
}
