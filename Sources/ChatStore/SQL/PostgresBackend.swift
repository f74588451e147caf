import Foundation
import Logging
import NIOCore
import PostgresNIO

/// PostgreSQL, for sites that already run it (and later for several nodes). Writes go through one
/// connection held by the group-commit writer; reads use the client's pool. The server must run with
/// `fsync=on` and `synchronous_commit=on` (checked at open).
public final class PostgresBackend: SQLDatabase {
    public let dialect = SQLDialect.postgres
    private let client: PostgresClient
    private let clientTask: Task<Void, Never>
    private let writerTask: Task<Void, any Error>
    private let writer: GroupCommitWriter
    private let logger: Logger

    public struct Endpoint: Sendable {
        public var host: String
        public var port: Int
        public var database: String
        public var user: String
        public var password: String?

        public init(host: String, port: Int, database: String, user: String, password: String?) {
            self.host = host
            self.port = port
            self.database = database
            self.user = user
            self.password = password
        }

        /// `postgres://user:password@host:port/database`, as the test command exports it.
        public init?(url: String) {
            guard let components = URLComponents(string: url), components.scheme?.hasPrefix("postgres") == true,
                let host = components.host
            else { return nil }
            self.init(host: host, port: components.port ?? 5432,
                database: String(components.path.drop { $0 == "/" }), user: components.user ?? "postgres",
                password: components.password)
        }
    }

    public static func open(_ endpoint: Endpoint, logger: Logger = Logger(label: "chatengine.postgres")) async throws -> PostgresBackend {
        var configuration = PostgresClient.Configuration(host: endpoint.host, port: endpoint.port, username: endpoint.user,
            password: endpoint.password, database: endpoint.database, tls: .disable)
        configuration.options.maximumConnections = 8
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let clientTask = Task { await client.run() }
        let ready = AsyncStream<PostgresConnectionExecutor>.makeStream()
        // The writer leases one connection for the store's lifetime.
        let writerTask = Task {
            try await client.withConnection { connection in
                ready.continuation.yield(PostgresConnectionExecutor(connection: connection, logger: logger))
                ready.continuation.finish()
                while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
            }
        }
        var iterator = ready.stream.makeAsyncIterator()
        guard let executor = await iterator.next() else {
            clientTask.cancel()
            _ = try await writerTask.value
            throw StoreError.database("could not connect to PostgreSQL at \(endpoint.host):\(endpoint.port)")
        }
        let backend = PostgresBackend(client: client, clientTask: clientTask, writerTask: writerTask,
            writer: GroupCommitWriter(connection: executor, begin: "BEGIN"), logger: logger)
        try await backend.requireDurability(executor)
        return backend
    }

    private init(client: PostgresClient, clientTask: Task<Void, Never>, writerTask: Task<Void, any Error>,
        writer: GroupCommitWriter, logger: Logger)
    {
        self.client = client
        self.clientTask = clientTask
        self.writerTask = writerTask
        self.writer = writer
        self.logger = logger
    }

    private func requireDurability(_ executor: PostgresConnectionExecutor) async throws {
        for setting in ["fsync", "synchronous_commit"] {
            let value = try await executor.query("SHOW \(setting)", []).first?.columns[setting]
            guard value == .text("on") else {
                throw StoreError.refused("PostgreSQL runs with \(setting)=\(String(describing: value)); ChatEngine needs it on")
            }
        }
    }

    public func read(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await client.withConnection { connection in
            try await PostgresConnectionExecutor(connection: connection, logger: logger).query(sql, binds)
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await writer.submit(body)
    }

    public func writeBatched<Item: BatchedWrite>(_ item: Item) async throws -> Item.Output {
        try await writer.submit(item)
    }

    public func close() async {
        await writer.finish()
        writerTask.cancel()
        _ = try? await writerTask.value
        clientTask.cancel()
    }
}

struct PostgresConnectionExecutor: SQLExecutor {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .null: bindings.appendNull()
            case .int(let number): bindings.append(number)
            case .text(let text): bindings.append(text)
            }
        }
        do {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: Self.numbered(sql), binds: bindings), logger: logger)
            var result: [SQLRow] = []
            for try await row in rows {
                var columns: [String: SQLValue] = [:]
                for cell in row { columns[cell.columnName] = try Self.value(of: cell) }
                result.append(SQLRow(columns))
            }
            return result
        } catch let error as PSQLError {
            if error.serverInfo?[.sqlState] == "23505" { throw StoreError.duplicate(error.serverInfo?[.message] ?? "row") }
            throw StoreError.database("\(error.serverInfo?[.message] ?? String(reflecting: error)) (in: \(sql.prefix(120)))")
        }
    }

    private static func value(of cell: PostgresCell) throws -> SQLValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .int(try cell.decode(Int64.self))
        case .bool: return .int(try cell.decode(Bool.self) ? 1 : 0)
        default: return .text(try cell.decode(String.self))
        }
    }

    /// `?` placeholders become `$1`, `$2`, ... (outside quoted literals).
    static func numbered(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.count + 16)
        var n = 0
        var inQuote = false
        for character in sql {
            if character == "'" { inQuote.toggle() }
            if character == "?" && !inQuote {
                n += 1
                out += "$\(n)"
            } else {
                out.append(character)
            }
        }
        return out
    }
}
