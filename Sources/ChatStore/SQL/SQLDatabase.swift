/// The two SQL engines behind one interface. Statements use `?` placeholders; the PostgreSQL backend
/// numbers them. Writes go through one writer per store that runs whole transactions (group commit);
/// reads run on other connections.
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    /// A read outside any write transaction.
    func read(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    /// Runs `body` inside a write transaction, possibly together with other callers' bodies (group
    /// commit); returns only after the transaction committed. A body that throws a `CleanRefusal` must
    /// not have written anything; any other error rolls the batch back and the bodies run again alone.
    @discardableResult
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) async throws -> T) async throws -> T
    /// Like `write`, but items of one `BatchedWrite` type queued together are written together.
    func writeBatched<Item: BatchedWrite>(_ item: Item) async throws -> Item.Output
    func close() async
}

/// Runs statements on one connection, inside the caller's transaction.
public protocol SQLExecutor: Sendable {
    var dialect: SQLDialect { get }
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
}

extension SQLExecutor {
    @discardableResult
    public func execute(_ sql: String, _ binds: SQLValue...) async throws -> [SQLRow] {
        try await query(sql, binds)
    }
}

/// An error a write body throws before it has written anything: the batch it ran in stays valid.
public protocol CleanRefusal: Error {}

extension StoreError {
    /// Refusals that write bodies throw before writing anything. A duplicate key or a database error
    /// comes from a statement that failed half-way and is never clean.
    var isCleanRefusal: Bool {
        switch self {
        case .conflict, .notFound, .refused: true
        case .duplicate, .corrupt, .database: false
        }
    }
}

public enum SQLDialect: String, Sendable {
    case sqlite, postgres
}
