import ChatCore
import Foundation

/// The store on either SQL engine: one implementation of every repository, written once in the SQL
/// both SQLite and PostgreSQL speak; the engines differ only behind `SQLDatabase`.
public final class SQLStore: Sendable {
    public let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    /// Opens the store a DSN names and (unless told not to) applies missing migrations.
    public static func open(_ location: StoreLocation, migrate: Bool = true) async throws -> SQLStore {
        let database: any SQLDatabase = switch location {
        case .sqlite(let path): try await SQLiteBackend.open(path: path)
        case .postgres(let endpoint): try await PostgresBackend.open(endpoint)
        }
        do {
            if migrate { try await Migrations.migrate(database) }
        } catch {
            await database.close()  // its connections must be closed before they go
            throw error
        }
        return SQLStore(database: database)
    }

    public func close() async {
        await database.close()
    }

    var isPostgres: Bool { database.dialect == .postgres }

    /// A write to agents, roles, groups or channels: it moves the directory version on in
    /// the same transaction, which tells every cache of permissions to read again.
    @discardableResult
    func writeDirectory<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await database.write { sql in
            let result = try await body(sql)
            try await sql.execute("UPDATE ce_directory_version SET version = version + 1 WHERE id = 1")
            return result
        }
    }

    public func directoryVersion() async throws -> Int64 {
        try await database.read("SELECT version FROM ce_directory_version WHERE id = 1", []).first?.int("version") ?? 0
    }
}

public enum StoreLocation: Sendable {
    case sqlite(path: String)
    case postgres(PostgresBackend.Endpoint)
}

/// How people are written in the store: a kind column and an id column.
enum PersonColumns {
    static func encode(_ person: Person) -> (kind: String, id: String) {
        switch person {
        case .agent(let id): ("agent", String(id.rawValue))
        case .customer(let id): ("customer", String(id.rawValue))
        case .visitor(let id): ("visitor", id.rawValue)
        }
    }

    static func decode(kind: String, id: String) throws(StoreError) -> Person {
        switch kind {
        case "agent": if let n = Int64(id) { return .agent(AgentID(n)) }
        case "customer": if let n = Int64(id) { return .customer(CustomerUserID(n)) }
        case "visitor": return .visitor(VisitorID(id))
        default: break
        }
        throw .corrupt("person \(kind):\(id)")
    }
}
