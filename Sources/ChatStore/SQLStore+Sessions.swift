import ChatCore
import Foundation

extension SQLStore: SessionRepository {
    public func createSession(tokenHash: String, kind: SessionRecord.UserKind, userID: Int64, challenge: String,
        now: Date, expiresAt: Date, ticketSession: TicketSessionBinding?) async throws
    {
        try await database.write { sql in
            try await sql.execute("""
                INSERT INTO ce_session (token_hash, user_kind, user_id, challenge, created_at, last_seen, expires_at,
                    ticket_session, ends_at, checked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, .text(tokenHash), .text(kind.rawValue), .int(userID), .text(challenge), .int(StoreClock.millis(now)),
                .int(StoreClock.millis(now)), .int(StoreClock.millis(expiresAt)), .optional(ticketSession?.sealedID),
                ticketSession.map { .int($0.endsAt) } ?? .null, ticketSession.map { .int($0.checkedAt) } ?? .null)
        }
    }

    public func markTicketSessionChecked(tokenHash: String, at: Date) async throws {
        try await database.write { sql in
            try await sql.execute("UPDATE ce_session SET checked_at = ? WHERE token_hash = ?", .int(StoreClock.millis(at)),
                .text(tokenHash))
        }
    }

    public func session(tokenHash: String, now: Date) async throws -> SessionRecord? {
        let rows = try await database.read("""
            SELECT user_kind, user_id, challenge, expires_at, created_at, ticket_session, ends_at, checked_at FROM ce_session
            WHERE token_hash = ? AND expires_at > ?
            """, [.text(tokenHash), .int(StoreClock.millis(now))])
        return try rows.first.map { row throws(StoreError) in
            guard let kind = SessionRecord.UserKind(rawValue: try row.text("user_kind")) else { throw StoreError.corrupt("session kind") }
            var record = SessionRecord(userKind: kind, userID: try row.int("user_id"), challenge: try row.text("challenge"),
                expiresAt: try row.int("expires_at"), createdAt: try row.int("created_at"))
            if let sealed = row.optionalText("ticket_session") {
                record.ticketSession = TicketSessionBinding(sealedID: sealed, endsAt: row.optionalInt("ends_at") ?? 0,
                    checkedAt: row.optionalInt("checked_at") ?? 0)
            }
            return record
        }
    }

    public func touchSession(tokenHash: String, now: Date, expiresAt: Date) async throws {
        try await database.write { sql in
            try await sql.execute("UPDATE ce_session SET last_seen = ?, expires_at = ? WHERE token_hash = ?",
                .int(StoreClock.millis(now)), .int(StoreClock.millis(expiresAt)), .text(tokenHash))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await database.write { sql in
            try await sql.execute("DELETE FROM ce_session WHERE token_hash = ?", .text(tokenHash))
        }
    }
}
