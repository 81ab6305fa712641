// Detection by content (issue 20, item 1): a detector reads one payload of one
// direction of a flow that the census's own decoders left unnamed, and says which
// protocol it is, how sure it is, and what the bytes named. Ports only break ties.

/// The transport a detector reads.
public enum DetectionTransport: UInt8, Sendable {
    case tcp, udp
}

/// How sure a detector is of its verdict.
public enum DetectionConfidence: UInt8, Sendable, Comparable {
    /// The bytes fit, but other protocols could send them too: the port breaks ties.
    case weak = 1
    /// The bytes can hardly be anything else (a magic number, a fixed preface).
    case strong = 2
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Which end sent the payload, when the census knows.
public enum PayloadSender: UInt8, Sendable {
    case unknown, client, server
}

/// One payload as a detector sees it.
public struct DetectionInput {
    /// The payload (the census offers at most `DetectorRegistry.maxBytes` of it).
    public var payload: UnsafeRawBufferPointer
    public var sender: PayloadSender
    public var senderPort: UInt16
    public var receiverPort: UInt16
    public var transport: DetectionTransport
    /// 0 for the first payload of this direction, 1 for the next, …
    public var index: Int

    public init(payload: UnsafeRawBufferPointer, sender: PayloadSender = .unknown, senderPort: UInt16 = 0,
                receiverPort: UInt16 = 0, transport: DetectionTransport = .tcp, index: Int = 0) {
        self.payload = payload
        self.sender = sender
        self.senderPort = senderPort
        self.receiverPort = receiverPort
        self.transport = transport
        self.index = index
    }

    /// The sender is not known to be the other end (a client's bytes, or roles unknown).
    public var mayBeClient: Bool { sender != .server }
    /// The sender is not known to be the client.
    public var mayBeServer: Bool { sender != .client }

    public var cursor: ByteCursor { ByteCursor(payload) }
}

/// A named value a detector read (a user name, a URL host, a dialect), for later use.
public struct DetectionField: Sendable, Hashable, Comparable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
    public static func < (a: Self, b: Self) -> Bool { (a.name, a.value) < (b.name, b.value) }
}

/// What a detector saw in one payload.
public struct Detection: Sendable, Equatable {
    /// The service name (`services[].service`): the detector's name.
    public var service: String
    public var confidence: DetectionConfidence
    /// The software the protocol names (a server version string, a User-Agent), or nil.
    public var software: String?
    /// Names the bytes gave the sender's host (a NetBIOS name it registers, an IRC server name).
    public var names: [String]
    /// Names the bytes gave the receiver's host (the domain an XMPP client asks for).
    public var peerNames: [String]
    /// Named fields, sorted by name then value.
    public var fields: [DetectionField]

    public init(service: String, confidence: DetectionConfidence, software: String? = nil,
                names: [String] = [], peerNames: [String] = [], fields: [DetectionField] = []) {
        self.service = service
        self.confidence = confidence
        self.software = software
        self.names = names
        self.peerNames = peerNames
        self.fields = fields.sorted()
    }
}

/// What a detector is, in one line of its file: the service name it gives
/// (`services[].service`), the transports it reads, and the ports where the protocol
/// usually listens (a hint that only breaks ties).
public struct DetectorAbout: Sendable {
    public let name: String
    public let transports: [DetectionTransport]
    public let ports: Set<UInt16>

    public init(_ name: String, _ transports: [DetectionTransport], ports: Set<UInt16>) {
        (self.name, self.transports, self.ports) = (name, transports, ports)
    }
}

/// A protocol recognised by its content: one file per protocol, one registry line.
public protocol ProtocolDetector: Sendable {
    /// Its name, transports and usual ports.
    var about: DetectorAbout { get }
    /// Reads one payload of one direction; nil when the bytes are not this protocol.
    /// No I/O; reads only through `ByteCursor` or bounds-checked buffer reads.
    func inspect(_ input: DetectionInput) -> Detection?
}

extension ProtocolDetector {
    public var name: String { about.name }
    public var transports: [DetectionTransport] { about.transports }
    public var ports: Set<UInt16> { about.ports }

    /// A verdict of this detector.
    public func verdict(_ confidence: DetectionConfidence, software: String? = nil, names: [String] = [],
                        peerNames: [String] = [], fields: [DetectionField] = []) -> Detection {
        Detection(service: name, confidence: confidence, software: software, names: names, peerNames: peerNames, fields: fields)
    }
}
