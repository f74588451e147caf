import ChatCore
import Foundation

extension SQLStore: AbuseRepository {
    public func countRequest(_ keys: [RequestCountKey], window: TimeInterval, now: Date) async throws -> RequestCountKey? {
        let at = StoreClock.millis(now), since = StoreClock.millis(now.addingTimeInterval(-window))
        return try await database.write { sql in
            if sql.dialect == .postgres {
                // one transaction per key at a time (SQLite's single writer already serializes), in a fixed order
                for key in Set(keys.map(\.key)).sorted() {
                    _ = try await sql.execute("SELECT pg_advisory_xact_lock(hashtext(?))", .text("ce_request_hit:" + key))
                }
            }
            for key in keys {
                _ = try await sql.execute("DELETE FROM ce_request_hit WHERE hit_key = ? AND at < ?", .text(key.key), .int(since))
                let rows = try await sql.execute("SELECT COUNT(*) AS n FROM ce_request_hit WHERE hit_key = ? AND at >= ?",
                    .text(key.key), .int(since))
                if try rows.first?.int("n") ?? 0 >= Int64(key.limit) { return key }
            }
            for key in keys {
                _ = try await sql.execute("INSERT INTO ce_request_hit (hit_key, at) VALUES (?, ?)", .text(key.key), .int(at))
            }
            return nil
        }
    }

    public func requestCountReleases(_ key: String, window: TimeInterval, now: Date) async throws -> Date? {
        let rows = try await database.read("SELECT MIN(at) AS oldest FROM ce_request_hit WHERE hit_key = ? AND at >= ?",
            [.text(key), .int(StoreClock.millis(now.addingTimeInterval(-window)))])
        return rows.first?.optionalInt("oldest").map { StoreClock.date($0).addingTimeInterval(window) }
    }

    public func addVisitorBlock(_ block: VisitorBlock) async throws {
        try await database.write { sql in
            _ = try await sql.execute("""
                INSERT INTO ce_visitor_block (visitor_id, client_address, chat_id, blocked_by, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, .text(block.visitor.rawValue), .optional(block.address), .int(block.chat.rawValue),
                .int(block.blockedBy.rawValue), .int(StoreClock.millis(block.createdAt)), .int(StoreClock.millis(block.expiresAt)))
        }
    }

    public func visitorBlockedUntil(visitor: VisitorID?, address: String?, now: Date) async throws -> Date? {
        guard visitor != nil || address != nil else { return nil }
        let rows = try await database.read("""
            SELECT MAX(expires_at) AS until FROM ce_visitor_block
            WHERE expires_at > ? AND (visitor_id = ? OR client_address = ?)
            """, [.int(StoreClock.millis(now)), .optional(visitor?.rawValue), .optional(address)])
        return rows.first?.optionalInt("until").map(StoreClock.date)
    }

    public func visitorAddress(_ visitor: VisitorID) async throws -> String? {
        try await database.read("SELECT client_address FROM ce_visitor WHERE id = ?", [.text(visitor.rawValue)])
            .first?.optionalText("client_address")
    }

    public func deleteExpiredAbuseRecords(countsBefore: Date, blocksBefore: Date) async throws -> Int {
        try await database.write { sql in
            let counts = try await sql.execute("DELETE FROM ce_request_hit WHERE at < ? RETURNING 1 AS one",
                .int(StoreClock.millis(countsBefore)))
            let blocks = try await sql.execute("DELETE FROM ce_visitor_block WHERE expires_at < ? RETURNING 1 AS one",
                .int(StoreClock.millis(blocksBefore)))
            return counts.count + blocks.count
        }
    }
}
