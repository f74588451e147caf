import Foundation
import Logging
import NIOCore
import NIOPosix
import SQLiteNIO
import Synchronization

/// SQLite, durable on one node: WAL with `synchronous=FULL`. Writes go through one connection owned by
/// the group-commit writer, each batch one `BEGIN IMMEDIATE` transaction; reads take an idle connection
/// of their own from a small pool. `busy_timeout` replaces SQLiteNIO's retry-forever busy handler, so another process (the
/// command line) can wait for the lock but never wedge the server.
///
/// Each backend has its own threads, one per connection: SQLite's calls block their thread, and a
/// `BEGIN IMMEDIATE` waiting up to `busy_timeout` for another writer must not hold a thread the other
/// writer needs to commit (with SQLiteNIO's shared pool, two cores' worth of threads, two stores on one file
/// in one process could stall each other, and every other store, until the timeout).
public final class SQLiteBackend: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    private let threads: NIOThreadPool
    private let writerConnection: SQLiteConnection
    private let readers: [SQLiteConnection]
    private let readerPool: ReaderPool
    private let writer: GroupCommitWriter

    public static func open(path: String, readers readerCount: Int = 3, logger: Logger = Logger(label: "chatengine.sqlite"))
        async throws -> SQLiteBackend
    {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try ownerOnly(path)
        let threads = NIOThreadPool(numberOfThreads: max(1, readerCount) + 1)
        threads.start()
        var opened: [SQLiteConnection] = []
        do {
            for _ in 0...max(1, readerCount) {
                let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threads, logger: logger,
                    on: MultiThreadedEventLoopGroup.singleton.any())
                opened.append(connection)
                try await Self.configure(connection)
            }
        } catch {
            for connection in opened { try? await connection.close() }
            try? await threads.shutdownGracefully()
            throw error
        }
        return SQLiteBackend(threads: threads, writer: opened[0], readers: Array(opened.dropFirst()))
    }

    /// The database holds session hashes: readable by its owner only. SQLite gives the `-wal` and `-shm`
    /// files the database file's mode; files left by an older version are tightened too.
    static func ownerOnly(_ path: String) throws {
        let files = FileManager.default
        if !files.fileExists(atPath: path) {
            guard files.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw StoreError.database("cannot create \(path)")
            }
        }
        for file in [path, path + "-wal", path + "-shm"] where files.fileExists(atPath: file) {
            try files.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
    }

    private init(threads: NIOThreadPool, writer: SQLiteConnection, readers: [SQLiteConnection]) {
        self.threads = threads
        self.writerConnection = writer
        self.readers = readers
        self.readerPool = ReaderPool(count: readers.count)
        self.writer = GroupCommitWriter(connection: SQLiteExecutor(connection: writer), begin: "BEGIN IMMEDIATE")
    }

    private static func configure(_ connection: SQLiteConnection) async throws {
        let executor = SQLiteExecutor(connection: connection)
        try await executor.execute("PRAGMA busy_timeout = 10000")
        try await executor.execute("PRAGMA journal_mode = WAL")
        try await executor.execute("PRAGMA synchronous = FULL")
        try await executor.execute("PRAGMA foreign_keys = ON")
    }

    public func read(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let index = await readerPool.take()
        defer { readerPool.give(index) }
        return try await SQLiteExecutor(connection: readers[index]).query(sql, binds)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLExecutor) async throws -> T) async throws -> T {
        try await writer.submit(body)
    }

    public func writeBatched<Item: BatchedWrite>(_ item: Item) async throws -> Item.Output {
        try await writer.submit(item)
    }

    public func close() async {
        await writer.finish()
        for connection in readers + [writerConnection] { try? await connection.close() }
        try? await threads.shutdownGracefully()
    }

    /// The settings in force on the writer connection, for tests that prove durability is configured.
    public func pragma(_ name: String) async throws -> String {
        let rows = try await SQLiteExecutor(connection: writerConnection).query("PRAGMA \(name)", [])
        return rows.first?.columns.values.first.map { value in
            switch value {
            case .int(let i): String(i)
            case .text(let t): t
            case .null: ""
            }
        } ?? ""
    }
}

/// Hands out reader connections one query at a time. Two statements running at once on one connection
/// share one read transaction, so under steady load a connection could keep reading an old snapshot and
/// miss what was just committed (a new session, an availability switch); one statement per connection
/// at a time always reads the latest commit.
final class ReaderPool: Sendable {
    private struct State {
        var idle: [Int]
        var waiting: [CheckedContinuation<Int, Never>] = []
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(idle: Array((0..<count).reversed())))
    }

    func take() async -> Int {
        if let index = state.withLock({ $0.idle.popLast() }) { return index }
        return await withCheckedContinuation { continuation in
            let ready: Int? = state.withLock { state in
                if let index = state.idle.popLast() { return index }
                state.waiting.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    func give(_ index: Int) {
        let next: CheckedContinuation<Int, Never>? = state.withLock { state in
            if state.waiting.isEmpty {
                state.idle.append(index)
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume(returning: index)
    }
}

struct SQLiteExecutor: SQLExecutor {
    let connection: SQLiteConnection
    var dialect: SQLDialect { .sqlite }

    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let data: [SQLiteData] = binds.map {
            switch $0 {
            case .null: .null
            case .int(let value): .integer(SQLiteInt64(value))
            case .text(let value): .text(value)
            }
        }
        do {
            let rows = try await connection.query(sql, data)
            return rows.map { row in
                var columns: [String: SQLValue] = [:]
                for column in row.columns {
                    switch column.data {
                    case .integer(let value): columns[column.name] = .int(Int64(value))
                    case .float(let value): columns[column.name] = .int(Int64(value))
                    case .text(let value): columns[column.name] = .text(value)
                    case .blob(let buffer): columns[column.name] = .text(String(buffer: buffer))
                    case .null: columns[column.name] = .null
                    }
                }
                return SQLRow(columns)
            }
        } catch let error as SQLiteError {
            if error.reason == .constraintUniqueFailed || error.reason == .constraintPrimaryKeyFailed
                || (error.reason == .constraint && error.message.contains("UNIQUE"))
            {
                throw StoreError.duplicate(error.message)
            }
            throw StoreError.database("\(error.message) (in: \(sql.prefix(120)))")
        }
    }
}
