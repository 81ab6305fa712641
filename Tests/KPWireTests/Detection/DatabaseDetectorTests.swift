import KPWire
import XCTest

final class DatabaseDetectorTests: XCTestCase {
    /// A Handshake V10 with `version`: length, seq 0, protocol 10, version\0, id, salt, filler, capabilities.
    func mysqlGreeting(_ version: String) -> [UInt8] {
        let body: [UInt8] = [10] + Array(ascii: version) + [0] + le32(42) + Array(ascii: "abcdefgh") + [0] + le16(0xf7ff)
        return [UInt8(body.count), 0, 0, 0] + body
    }

    func testMySQLGreetingNamesTheServer() {
        let v = detect(MySQLDetector(), mysqlGreeting("5.5.5-10.11.6-MariaDB-0+deb12u1"), from: .server)
        XCTAssertEqual(v?.software, "MariaDB 5.5.5-10.11.6-MariaDB-0+deb12u1")
        XCTAssertEqual(detect(MySQLDetector(), mysqlGreeting("8.0.36"))?.software, "MySQL 8.0.36")
        // A client never greets; a wrong length or protocol is not a greeting.
        XCTAssertNil(detect(MySQLDetector(), mysqlGreeting("8.0.36"), from: .client))
        var bad = mysqlGreeting("8.0.36")
        bad[0] += 1
        XCTAssertNil(detect(MySQLDetector(), bad))
    }

    func testPostgreSQLStartupAndSSLRequest() {
        // StartupMessage 3.0 with user and database, then the final NUL.
        let params = Array(ascii: "user\0kim\0database\0census\0application_name\0psql\0") + [0]
        let startup = be32(8 + params.count) + be32(0x0003_0000) + params
        XCTAssertEqual(detect(PostgreSQLDetector(), startup, from: .client)?.fields,
                       [DetectionField("application_name", "psql"), DetectionField("database", "census"), DetectionField("user", "kim")])
        XCTAssertEqual(detect(PostgreSQLDetector(), be32(8) + be32(80877103))?.fields, [DetectionField("request", "ssl")])
        XCTAssertNil(detect(PostgreSQLDetector(), be32(8) + be32(80877103), from: .server))
        XCTAssertNil(detect(PostgreSQLDetector(), Array(startup.dropLast())))
    }

    func testRedisCommandsAndReplies() {
        // redis-cli's PING: an array of one bulk string.
        XCTAssertEqual(detect(RedisDetector(), Array(ascii: "*1\r\n$4\r\nPING\r\n"), from: .client)?.fields, [DetectionField("command", "ping")])
        XCTAssertEqual(detect(RedisDetector(), Array(ascii: "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"))?.fields, [DetectionField("command", "set")])
        XCTAssertEqual(detect(RedisDetector(), Array(ascii: "+PONG\r\n"), from: .server)?.confidence, .strong)
        XCTAssertEqual(detect(RedisDetector(), Array(ascii: "-ERR unknown command\r\n"), from: .server)?.confidence, .weak)
        let info = Array(ascii: "$100\r\n# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:0\r\n")
        XCTAssertEqual(detect(RedisDetector(), info, from: .server)?.software, "Redis 7.0.15")
        XCTAssertNil(detect(RedisDetector(), Array(ascii: "*1\r\n$5\r\nPING\r\n")))
    }

    func testMongoDBHeader() {
        // OP_MSG: length, requestID 1, responseTo 0, opCode 2013, flags 0, a kind-0 section.
        let doc: [UInt8] = le32(5) + [0]
        let msg = le32(21 + doc.count) + le32(1) + le32(0) + le32(2013) + le32(0) + [0] + doc
        XCTAssertEqual(detect(MongoDBDetector(), msg)?.fields, [DetectionField("opcode", "OP_MSG")])
        let query = le32(16 + 4 + 11 + 8 + 5) + le32(1) + le32(0) + le32(2004) + le32(0) + Array(ascii: "admin.$cmd\0") + le32(0) + le32(1) + doc
        XCTAssertEqual(detect(MongoDBDetector(), query, from: .client)?.fields, [DetectionField("opcode", "OP_QUERY")])
        XCTAssertNil(detect(MongoDBDetector(), Array(msg.dropLast())))
    }

    func testMemcachedText() {
        XCTAssertEqual(detect(MemcachedDetector(), Array(ascii: "VERSION 1.6.18\r\n"), from: .server)?.software, "memcached 1.6.18")
        XCTAssertEqual(detect(MemcachedDetector(), Array(ascii: "get session:42\r\n"), from: .client)?.confidence, .weak)
        XCTAssertEqual(detect(MemcachedDetector(), Array(ascii: "set k 0 0 1\r\nv\r\n"), from: .client)?.confidence, .weak)
        XCTAssertNil(detect(MemcachedDetector(), Array(ascii: "set k x 0 1\r\n"), from: .client))
        XCTAssertNil(detect(MemcachedDetector(), Array(ascii: "VERSION x\r\n"), from: .server))
    }
}
