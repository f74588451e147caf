import ChatStore
import Foundation
import SysConfig

/// Opens ChatEngine's own database as `ChatEngine::Database::*` names it (SQLite paths relative to the
/// home), applying missing migrations.
public enum StoreFactory {
    public static func location(for settings: DatabaseSettings, home: String) -> StoreLocation {
        switch settings.kind {
        case .sqlite(let path):
            return .sqlite(path: path.hasPrefix("/") ? path : (home as NSString).appendingPathComponent(path))
        case .postgres(let database, let host, let port):
            return .postgres(PostgresBackend.Endpoint(host: host, port: port, database: database, user: settings.user,
                password: settings.password.isEmpty ? nil : settings.password))
        }
    }

    public static func open(_ settings: DatabaseSettings, home: String, migrate: Bool = true) async throws -> SQLStore {
        try await SQLStore.open(location(for: settings, home: home), migrate: migrate)
    }
}
