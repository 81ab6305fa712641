import KPWire
import XCTest

final class MessagingDetectorTests: XCTestCase {
    func testNNTPGreetingAndCommands() {
        // INN's greeting names NNTP: strong, its text is the software.
        let inn = Array(ascii: "200 news.example.kp InterNetNews NNRP server INN 2.7.1 ready (posting ok)\r\n")
        XCTAssertEqual(detect(NNTPDetector(), inn, from: .server)?.confidence, .strong)
        XCTAssertEqual(detect(NNTPDetector(), inn, from: .server)?.software, "news.example.kp InterNetNews NNRP server INN 2.7.1 ready (posting ok)")
        // A bare "200 ready" is weak; only the first server payload is a greeting.
        XCTAssertEqual(detect(NNTPDetector(), Array(ascii: "200 ready\r\n"), from: .server)?.confidence, .weak)
        XCTAssertNil(detect(NNTPDetector(), Array(ascii: "200 ready\r\n"), from: .server, index: 1))
        XCTAssertEqual(detect(NNTPDetector(), Array(ascii: "MODE READER\r\n"), from: .client)?.confidence, .strong)
        XCTAssertEqual(detect(NNTPDetector(), Array(ascii: "GROUP kp.test\r\n"), from: .client)?.confidence, .weak)
        XCTAssertNil(detect(NNTPDetector(), Array(ascii: "HELO x\r\n"), from: .client))
    }

    func testXMPPStreamDomain() {
        // A client's stream header after an XML declaration: `to` names the server.
        let open = Array(ascii: "<?xml version='1.0'?><stream:stream to='chat.example.kp' xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>")
        let v = detect(XMPPDetector(), open, from: .client)
        XCTAssertEqual(v?.peerNames, ["chat.example.kp"])
        XCTAssertEqual(v?.fields, [DetectionField("to", "chat.example.kp")])
        XCTAssertEqual(detect(XMPPDetector(), Array(ascii: "<stream:stream from=\"chat.example.kp\" id='1'>"))?.names, ["chat.example.kp"])
        XCTAssertNil(detect(XMPPDetector(), Array(ascii: "<?xml version='1.0'?><html>")))
    }

    func testIRCRegistrationAndWelcome() {
        // NICK and USER in one segment: strong, the nick is a field.
        let reg = Array(ascii: "CAP LS 302\r\nNICK kim\r\nUSER kim 0 * :Kim\r\n")
        XCTAssertEqual(detect(IRCDetector(), reg, from: .client), Detection(service: "irc", confidence: .strong, fields: [DetectionField("nick", "kim")]))
        XCTAssertEqual(detect(IRCDetector(), Array(ascii: "NICK kim\r\n"), from: .client)?.confidence, .weak)
        let welcome = Array(ascii: ":irc.example.kp 001 kim :Welcome to the Internet Relay Network kim\r\n")
        XCTAssertEqual(detect(IRCDetector(), welcome, from: .server)?.names, ["irc.example.kp"])
        XCTAssertEqual(detect(IRCDetector(), welcome, from: .server)?.confidence, .strong)
        XCTAssertNil(detect(IRCDetector(), Array(ascii: "NICK kim\r\nGET / HTTP/1.1\r\n"), from: .client))
    }

    func testMQTTConnect() {
        // CONNECT, MQTT 3.1.1 (level 4), clean session, keep-alive 60, client id "s1".
        let connect: [UInt8] = [0x10, 14, 0, 4] + Array(ascii: "MQTT") + [4, 2, 0, 60, 0, 2] + Array(ascii: "s1")
        XCTAssertEqual(detect(MQTTDetector(), connect, from: .client), Detection(service: "mqtt", confidence: .strong, fields: [DetectionField("version", "3.1.1")]))
        // MQTT 3.1: "MQIsdp", level 3.
        let old: [UInt8] = [0x10, 16, 0, 6] + Array(ascii: "MQIsdp") + [3, 2, 0, 60, 0, 2] + Array(ascii: "s1")
        XCTAssertEqual(detect(MQTTDetector(), old)?.fields, [DetectionField("version", "3.1")])
        // The remaining length must fill the payload.
        XCTAssertNil(detect(MQTTDetector(), Array(connect.dropLast())))
    }

    func testAMQPHeader() {
        XCTAssertEqual(detect(AMQPDetector(), Array(ascii: "AMQP") + [0, 0, 9, 1])?.fields, [DetectionField("version", "0-9-1")])
        XCTAssertEqual(detect(AMQPDetector(), Array(ascii: "AMQP") + [3, 1, 0, 0])?.fields, [DetectionField("version", "1.0")])
        XCTAssertNil(detect(AMQPDetector(), Array(ascii: "AMQP") + [0, 0, 8]))
    }
}
