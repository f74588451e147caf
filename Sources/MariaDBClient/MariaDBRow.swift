/// One row of a result: each column's bytes as the server sent them (nil for NULL). Text columns and
/// binary ones (LONGBLOB) arrive alike; `text` decodes UTF-8, which the connection's utf8mb4 charset gives.
public struct MariaDBRow: Sendable, Equatable {
    public var columns: [[UInt8]?]

    public init(columns: [[UInt8]?]) { self.columns = columns }

    public func bytes(_ index: Int) -> [UInt8]? { columns[index] }

    /// The column as text; `fallback` when NULL. Bytes that are not UTF-8 become U+FFFD.
    public func text(_ index: Int, _ fallback: String = "") -> String {
        columns[index].map { String(decoding: $0, as: UTF8.self) } ?? fallback
    }

    public func int(_ index: Int) -> Int64? { columns[index].flatMap { Int64(String(decoding: $0, as: UTF8.self)) } }

    /// A boolean expression's 0 or 1 (NULL is false).
    public func bool(_ index: Int) -> Bool { (int(index) ?? 0) != 0 }
}

/// A statement parameter: always sent as a prepared statement's bound value, never spliced into SQL.
public enum MariaDBValue: Sendable, Equatable {
    case text(String)
    case int(Int64)
}
