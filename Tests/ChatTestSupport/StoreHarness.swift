import ChatStore
import Foundation

/// Fresh, migrated stores on both engines for tests: SQLite in a new temporary file, PostgreSQL in a new
/// database of the throwaway cluster the test command started (`CHATENGINE_TEST_POSTGRES_URL`). Without
/// that cluster a PostgreSQL test fails; it never skips.
public enum StoreEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    public var description: String { rawValue }
}

public struct HarnessError: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

public final class StoreHarness: Sendable {
    public let engine: StoreEngine
    /// Where the store lives, so a test can open a second, independent instance on it.
    public let location: StoreLocation
    private let cleanup: @Sendable () async -> Void

    private init(engine: StoreEngine, location: StoreLocation, cleanup: @escaping @Sendable () async -> Void) {
        self.engine = engine
        self.location = location
        self.cleanup = cleanup
    }

    public static func make(_ engine: StoreEngine) async throws -> StoreHarness {
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chatengine-store-\(UUID().uuidString)")
            return StoreHarness(engine: engine, location: .sqlite(path: folder.appendingPathComponent("chat.sqlite").path)) {
                try? FileManager.default.removeItem(at: folder)
            }
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["CHATENGINE_TEST_POSTGRES_URL"],
                let admin = PostgresBackend.Endpoint(url: url)
            else {
                throw HarnessError(description: "CHATENGINE_TEST_POSTGRES_URL is not set: run the tests with `make test`, which starts PostgreSQL")
            }
            let name = "ce_test_" + UUID().uuidString.prefix(8).lowercased()
            let adminBackend = try await PostgresBackend.open(admin)
            _ = try await adminBackend.read("CREATE DATABASE \(name)", [])
            await adminBackend.close()
            var endpoint = admin
            endpoint.database = name
            return StoreHarness(engine: engine, location: .postgres(endpoint)) {
                if let backend = try? await PostgresBackend.open(admin) {
                    _ = try? await backend.read("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", [])
                    await backend.close()
                }
            }
        }
    }

    /// A new store instance on this harness's database (each has its own connections and writer).
    public func open() async throws -> SQLStore {
        try await SQLStore.open(location)
    }

    public func destroy() async {
        await cleanup()
    }

    /// Runs `body` with a fresh store and removes the database afterwards.
    public static func with<T>(_ engine: StoreEngine, _ body: (SQLStore, StoreHarness) async throws -> T) async throws -> T {
        let harness = try await make(engine)
        let store = try await harness.open()
        do {
            let result = try await body(store, harness)
            await store.close()
            await harness.destroy()
            return result
        } catch {
            await store.close()
            await harness.destroy()
            throw error
        }
    }
}
