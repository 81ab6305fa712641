@testable import KPQUIC
import XCTest

/// The key schedule against RFC 9001 §A.1 and RFC 9369 §A.1, value by value.
final class QUICInitialKeysTests: XCTestCase {
    let dcid = hex(RFC9001.dcid)

    func testVersion1Secrets() throws {
        let p = try XCTUnwrap(InitialParameters(.v1))
        XCTAssertEqual(hexString(QUICInitialKeys.initialSecret(dcid: dcid, salt: p.salt)), RFC9001.initialSecret)
        XCTAssertEqual(hexString(QUICInitialKeys.sideSecret(dcid: dcid, salt: p.salt, side: .client)), RFC9001.clientInitialSecret)
        XCTAssertEqual(hexString(QUICInitialKeys.sideSecret(dcid: dcid, salt: p.salt, side: .server)), RFC9001.serverInitialSecret)
    }

    func testVersion1Keys() throws {
        let p = try XCTUnwrap(InitialParameters(.v1))
        let client = QUICInitialKeys(dcid: dcid, parameters: p, side: .client)
        XCTAssertEqual(hexString(client.key), RFC9001.clientKey)
        XCTAssertEqual(hexString(client.iv), RFC9001.clientIV)
        XCTAssertEqual(hexString(client.hp), RFC9001.clientHP)
        let server = QUICInitialKeys(dcid: dcid, parameters: p, side: .server)
        XCTAssertEqual(hexString(server.key), RFC9001.serverKey)
        XCTAssertEqual(hexString(server.iv), RFC9001.serverIV)
        XCTAssertEqual(hexString(server.hp), RFC9001.serverHP)
    }

    func testVersion2Keys() throws {
        let p = try XCTUnwrap(InitialParameters(.v2))
        let client = QUICInitialKeys(dcid: dcid, parameters: p, side: .client)
        XCTAssertEqual(hexString(client.key), RFC9369.clientKey)
        XCTAssertEqual(hexString(client.iv), RFC9369.clientIV)
        XCTAssertEqual(hexString(client.hp), RFC9369.clientHP)
        let server = QUICInitialKeys(dcid: dcid, parameters: p, side: .server)
        XCTAssertEqual(hexString(server.key), RFC9369.serverKey)
        XCTAssertEqual(hexString(server.iv), RFC9369.serverIV)
        XCTAssertEqual(hexString(server.hp), RFC9369.serverHP)
    }

    func testVersionNames() {
        XCTAssertEqual(QUICVersion.v1.description, "1")
        XCTAssertEqual(QUICVersion.v2.description, "2")
        XCTAssertEqual(QUICVersion.draft29.description, "draft-29")
        XCTAssertEqual(QUICVersion(0x5130_3530).description, "0x51303530")
        XCTAssertFalse(QUICVersion(0x5130_3530).isKnown)
        XCTAssertTrue(QUICVersion.draft29.isKnown)
    }
}
