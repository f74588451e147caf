import ChatCore
import Foundation

/// Failed logins per key (`ce_login_failure`), in the database so a brute force spread over several nodes is
/// counted once. An attempt is counted before its password check and taken back when it succeeds.
extension SQLStore {
    public func reserveLoginAttempt(_ keys: [String], attempt: String, limit: Int, window: TimeInterval, now: Date)
        async throws -> String?
    {
        let at = StoreClock.millis(now), since = StoreClock.millis(now.addingTimeInterval(-window))
        return try await database.write { sql in
            if sql.dialect == .postgres {
                // one attempt per key at a time (SQLite's single writer already serializes), in a fixed order
                for key in Set(keys).sorted() {
                    _ = try await sql.execute("SELECT pg_advisory_xact_lock(hashtext(?))", .text("ce_login_failure:" + key))
                }
            }
            for key in keys {
                let rows = try await sql.execute("SELECT COUNT(*) AS n FROM ce_login_failure WHERE failure_key = ? AND at > ?",
                    .text(key), .int(since))
                if try rows.first?.int("n") ?? 0 >= Int64(limit) { return key }
            }
            for key in keys {
                _ = try await sql.execute("INSERT INTO ce_login_failure (failure_key, attempt, at) VALUES (?, ?, ?)",
                    .text(key), .text(attempt), .int(at))
            }
            return nil
        }
    }

    public func loginFailuresRelease(_ key: String, window: TimeInterval, now: Date) async throws -> Date? {
        let rows = try await database.read("SELECT MIN(at) AS oldest FROM ce_login_failure WHERE failure_key = ? AND at > ?",
            [.text(key), .int(StoreClock.millis(now.addingTimeInterval(-window)))])
        return rows.first?.optionalInt("oldest").map { StoreClock.date($0).addingTimeInterval(window) }
    }

    public func releaseLoginAttempt(_ attempt: String) async throws {
        try await database.write { sql in
            _ = try await sql.execute("DELETE FROM ce_login_failure WHERE attempt = ?", .text(attempt))
        }
    }

    public func deleteExpiredLoginFailures(before: Date) async throws -> Int {
        try await database.write { sql in
            try await sql.execute("DELETE FROM ce_login_failure WHERE at < ? RETURNING 1 AS one", .int(StoreClock.millis(before)))
                .count
        }
    }
}
