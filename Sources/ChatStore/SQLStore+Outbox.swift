import Foundation

extension SQLStore: OutboxRepository {
    static let outboxColumns = """
        id, kind, idempotency_key, payload, state, attempts, next_attempt_at, last_error, claimed_by, claimed_until,
        created_at, updated_at, done_at
        """

    public func enqueueOutbox(_ item: NewOutboxItem, now: Date) async throws -> (item: OutboxItem, isNew: Bool) {
        try await database.write { sql in
            let inserted = try await Self.insertOutbox(item, now: now, sql)
            let rows = try await sql.execute("SELECT \(Self.outboxColumns) FROM ce_outbox WHERE idempotency_key = ?",
                .text(item.idempotencyKey))
            guard let row = rows.first else { throw StoreError.corrupt("outbox item \(item.idempotencyKey) vanished") }
            return (try Self.outboxItem(row), inserted)
        }
    }

    /// Queues an item inside the caller's write transaction (so work is queued with the change it follows,
    /// or not at all); false when its key was queued before.
    static func insertOutbox(_ item: NewOutboxItem, now: Date, _ sql: any SQLExecutor) async throws -> Bool {
        let millis = StoreClock.millis(now)
        let rows = try await sql.execute("""
            INSERT INTO ce_outbox (kind, idempotency_key, payload, state, attempts, next_attempt_at, created_at, updated_at)
            VALUES (?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id
            """, .text(item.kind), .text(item.idempotencyKey), .text(item.payload), .int(millis), .int(millis), .int(millis))
        return !rows.isEmpty
    }

    public func claimOutbox(by claimer: String, now: Date, lease: TimeInterval, limit: Int) async throws -> [OutboxItem] {
        let millis = StoreClock.millis(now)
        let until = StoreClock.millis(now.addingTimeInterval(lease))
        // PostgreSQL: rows another process is claiming right now are skipped, not waited for; SQLite has one
        // writer at a time (BEGIN IMMEDIATE), so the select and the update are never interleaved with another's.
        let lock = isPostgres ? "FOR UPDATE SKIP LOCKED" : ""
        let rows = try await database.write { sql in
            try await sql.execute("""
                UPDATE ce_outbox SET claimed_by = ?, claimed_until = ?, attempts = attempts + 1, updated_at = ?
                WHERE id IN (SELECT id FROM ce_outbox WHERE state = 'pending' AND next_attempt_at <= ?
                    AND (claimed_until IS NULL OR claimed_until <= ?)
                    ORDER BY next_attempt_at, id LIMIT ? \(lock))
                RETURNING \(Self.outboxColumns)
                """, .text(claimer), .int(until), .int(millis), .int(millis), .int(millis), .int(Int64(max(limit, 0))))
        }
        return try rows.map(Self.outboxItem).sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
    }

    public func completeOutbox(id: Int64, by claimer: String, now: Date) async throws -> Bool {
        let millis = StoreClock.millis(now)
        return try await database.write { sql in
            // claimed_by stays: who did it
            try await !sql.execute("""
                UPDATE ce_outbox SET state = 'done', done_at = ?, updated_at = ?, claimed_until = NULL
                WHERE id = ? AND claimed_by = ? AND state = 'pending' AND claimed_until IS NOT NULL RETURNING id
                """, .int(millis), .int(millis), .int(id), .text(claimer)).isEmpty
        }
    }

    public func failOutbox(id: Int64, by claimer: String, error: String, retryAt: Date?, now: Date) async throws -> Bool {
        let millis = StoreClock.millis(now)
        return try await database.write { sql in
            try await !sql.execute("""
                UPDATE ce_outbox SET state = ?, last_error = ?, next_attempt_at = ?, updated_at = ?, claimed_until = NULL
                WHERE id = ? AND claimed_by = ? AND state = 'pending' AND claimed_until IS NOT NULL RETURNING id
                """, .text(retryAt == nil ? OutboxState.failed.rawValue : OutboxState.pending.rawValue),
                .text(String(error.prefix(4000))), .int(retryAt.map { StoreClock.millis($0) } ?? millis), .int(millis),
                .int(id), .text(claimer)).isEmpty
        }
    }

    public func retryOutbox(id: Int64, now: Date) async throws -> Bool {
        let millis = StoreClock.millis(now)
        return try await database.write { sql in
            try await !sql.execute("""
                UPDATE ce_outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?
                WHERE id = ? AND state IN ('pending', 'failed') RETURNING id
                """, .int(millis), .int(millis), .int(id)).isEmpty
        }
    }

    public func outboxItems(state: OutboxState?, limit: Int) async throws -> [OutboxItem] {
        let filter = state == nil ? "" : "WHERE state = ?"
        let binds: [SQLValue] = (state.map { [.text($0.rawValue)] } ?? []) + [.int(Int64(max(limit, 0)))]
        return try await database.read("SELECT \(Self.outboxColumns) FROM ce_outbox \(filter) ORDER BY id DESC LIMIT ?", binds)
            .map(Self.outboxItem)
    }

    public func outboxItem(id: Int64) async throws -> OutboxItem? {
        try await database.read("SELECT \(Self.outboxColumns) FROM ce_outbox WHERE id = ?", [.int(id)]).first.map(Self.outboxItem)
    }

    public func outboxItem(idempotencyKey: String) async throws -> OutboxItem? {
        try await database.read("SELECT \(Self.outboxColumns) FROM ce_outbox WHERE idempotency_key = ?", [.text(idempotencyKey)])
            .first.map(Self.outboxItem)
    }

    public func outboxCounts() async throws -> [OutboxState: Int] {
        var counts: [OutboxState: Int] = [:]
        for row in try await database.read("SELECT state, COUNT(*) AS n FROM ce_outbox GROUP BY state", []) {
            guard let state = OutboxState(rawValue: try row.text("state")) else { throw StoreError.corrupt("outbox state") }
            counts[state] = Int(try row.int("n"))
        }
        return counts
    }

    static func outboxItem(_ row: SQLRow) throws(StoreError) -> OutboxItem {
        guard let state = OutboxState(rawValue: try row.text("state")) else {
            throw .corrupt("outbox state \((try? row.text("state")) ?? "")")
        }
        return OutboxItem(id: try row.int("id"), kind: try row.text("kind"), idempotencyKey: try row.text("idempotency_key"),
            payload: try row.text("payload"), state: state, attempts: Int(try row.int("attempts")),
            nextAttemptAt: StoreClock.date(try row.int("next_attempt_at")), lastError: row.optionalText("last_error"),
            claimedBy: row.optionalText("claimed_by"), claimedUntil: row.optionalInt("claimed_until").map(StoreClock.date),
            createdAt: StoreClock.date(try row.int("created_at")), updatedAt: StoreClock.date(try row.int("updated_at")),
            doneAt: row.optionalInt("done_at").map(StoreClock.date))
    }
}
