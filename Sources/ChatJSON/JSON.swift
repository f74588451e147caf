/// A JSON value (RFC 8259), the one representation every part of ChatEngine reads and writes: the web
/// protocol's frames, the stored event log, the configuration's canonical dump. Objects keep their keys
/// in the order written, so frames read well; equality ignores that order (see `==`).
public enum JSON: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByDictionaryLiteral, ExpressibleByArrayLiteral
{
    case null
    case bool(Bool)
    /// A number written without fraction or exponent that fits 64 bits: IDs and counters stay exact.
    case int(Int64)
    /// Any other number (finite).
    case double(Double)
    case string(String)
    case array([JSON])
    case object([(String, JSON)])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(elements) }
    public init(arrayLiteral elements: JSON...) { self = .array(elements) }

    public static func optional(_ value: String?) -> JSON { value.map { .string($0) } ?? .null }

    /// The value of `key` in an object (the last one, if the text repeated it).
    public subscript(key: String) -> JSON? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.last { $0.0 == key }?.1
    }

    /// Scalars as the OTRS protocol's string parameters take them.
    public var stringValue: String? {
        switch self {
        case .string(let s): s
        case .int(let i): String(i)
        case .bool(let b): b ? "1" : "0"
        default: nil
        }
    }

    /// An integer, also when written as `2.5e3` or `2500.0` (but not `2.5`).
    public var intValue: Int64? {
        switch self {
        case .int(let i): i
        case .double(let d) where d.rounded() == d && abs(d) < 9.2e18: Int64(d)
        default: nil
        }
    }
}

extension JSON: Equatable {
    /// Structural: what the values mean, not how they were written. Numbers by value (`2500 == 2.5e3`),
    /// strings by their Unicode scalars (no canonical equivalence), arrays in order, objects as sets of
    /// keys (the last of a repeated key counts) regardless of order.
    public static func == (a: JSON, b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y && y.magnitude < 9.2e18 && Int64(y) == x
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            let left = Self.lastByKey(x), right = Self.lastByKey(y)
            return left.count == right.count && left.allSatisfy { key, value in right[key].map { $0 == value } ?? false }
        default: return false
        }
    }

    private static func lastByKey(_ pairs: [(String, JSON)]) -> [String: JSON] {
        var byKey: [String: JSON] = [:]
        for (key, value) in pairs { byKey[String(String.UnicodeScalarView(key.unicodeScalars))] = value }
        return byKey
    }
}
