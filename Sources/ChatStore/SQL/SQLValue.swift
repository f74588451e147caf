/// A value going into or coming out of SQL. Both engines store ChatEngine's data as integers and text
/// (times as milliseconds since 1970), so the same statements run on SQLite and PostgreSQL.
public enum SQLValue: Sendable, Hashable {
    case null
    case int(Int64)
    case text(String)

    public static func optional(_ value: Int64?) -> SQLValue { value.map { .int($0) } ?? .null }
    public static func optional(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
}

/// A result row, by column name.
public struct SQLRow: Sendable {
    public var columns: [String: SQLValue]

    public init(_ columns: [String: SQLValue]) {
        self.columns = columns
    }

    public func int(_ name: String) throws(StoreError) -> Int64 {
        guard case .int(let value) = columns[name] else { throw StoreError.corrupt("column \(name) is not an integer") }
        return value
    }

    public func optionalInt(_ name: String) -> Int64? {
        if case .int(let value) = columns[name] { return value }
        return nil
    }

    public func text(_ name: String) throws(StoreError) -> String {
        switch columns[name] {
        case .text(let value): return value
        case .int(let value): return String(value)
        default: throw StoreError.corrupt("column \(name) is not text")
        }
    }

    public func optionalText(_ name: String) -> String? {
        if case .text(let value) = columns[name] { return value }
        return nil
    }
}

/// Failures of the store itself (not of the chat rules).
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Someone else changed the chat since it was read; read it again and re-decide.
    case conflict
    case notFound(String)
    case duplicate(String)
    case refused(String)
    case corrupt(String)
    case database(String)

    public var description: String {
        switch self {
        case .conflict: "the chat changed meanwhile"
        case .notFound(let what): "\(what) not found"
        case .duplicate(let what): "\(what) already exists"
        case .refused(let why): why
        case .corrupt(let what): "unexpected data in the store: \(what)"
        case .database(let message): "database error: \(message)"
        }
    }
}
