/// How a versioned schema lays out its JSON. Every style sorts keys and ends with a
/// newline; but for `compact`, a line per member and element, indented by two spaces.
public struct JSONStyle: Sendable {
    /// `"key": value` with empty containers as `[]`/`{}` (the inventory's layout),
    /// Foundation's pretty printer (`"key" : value`, empty containers over two
    /// lines), or JSONEncoder's compact form on one line (`"key":value`).
    public enum Layout: Sendable { case canonical, foundationPretty, compact }
    /// Nil optionals as explicit `null` (the contracts list every key), or left out
    /// as JSONEncoder leaves them out.
    public enum Nils: Sendable { case null, omitted }

    public var layout: Layout
    public var nils: Nils
    /// Keys converted as JSONEncoder's `.convertToSnakeCase` converts them.
    public var snakeCaseKeys: Bool

    public init(layout: Layout = .canonical, nils: Nils = .null, snakeCaseKeys: Bool = false) {
        self.layout = layout
        self.nils = nils
        self.snakeCaseKeys = snakeCaseKeys
    }

    /// Inventory, report, diff, estimate, lab truth: `"key": value`, explicit nulls.
    public static let canonical = JSONStyle()
    /// The air-gap result: Foundation's pretty layout, explicit nulls.
    public static let foundationPretty = JSONStyle(layout: .foundationPretty)
}

/// A coding key that stays out of the JSON when its value is nil, whatever the
/// style says (an additive section such as the inventory's `scan`).
public protocol OmittedWhenNilKey: CodingKey {
    var omittedWhenNil: Bool { get }
}
