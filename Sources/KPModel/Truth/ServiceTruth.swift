/// A listener as the census should label it (`service`, and `software` as the
/// server announces itself, or null when it does not): a service of the lab's and
/// of the simulator's truth, and a canary of the lab's.
public struct ServiceTruth: Codable, Equatable, Sendable {
    public var addr: String
    public var port: Int
    public var transport: String
    public var service: String
    public var software: String?
    /// The simulator's truth only: a client used it in the window. Nil, and left
    /// out of the JSON, in a lab's truth, whose clients use every service each cycle.
    public var used: Bool?

    public init(addr: String, port: Int, transport: String, service: String, software: String? = nil, used: Bool? = nil) { (self.addr, self.port, self.transport, self.service, self.software, self.used) = (addr, port, transport, service, software, used) }

    enum CodingKeys: String, CodingKey {
        case addr, port, transport, service, software, used
    }
}

extension ServiceTruth.CodingKeys: OmittedWhenNilKey {
    /// A lab truth keeps exactly the keys it had before the two truths shared this type.
    var omittedWhenNil: Bool { self == .used }
}
