import Foundation

extension SQLStore: MailRepository {
    public func setChatMailAddress(chat: Int64, address: String, now: Date) async throws -> Bool {
        try await database.write { sql in
            _ = try await sql.execute("""
                INSERT INTO ce_chat_mail_address (chat_id, address, created_at) VALUES (?, ?, ?)
                ON CONFLICT (chat_id) DO NOTHING
                """, .int(chat), .text(address), .int(StoreClock.millis(now)))
            let stored = try await sql.execute("SELECT address FROM ce_chat_mail_address WHERE chat_id = ?", .int(chat))
            return try stored.first?.text("address") == address
        }
    }

    public func chatMailAddress(chat: Int64) async throws -> String? {
        try await database.read("SELECT address FROM ce_chat_mail_address WHERE chat_id = ?", [.int(chat)]).first?.text("address")
    }

    public func requestMail(_ request: NewMailRequest, item: NewOutboxItem, limits: MailRequestLimits, now: Date) async throws
        -> MailRequestOutcome
    {
        let millis = StoreClock.millis(now)
        let isPostgres = isPostgres
        return try await database.write { sql in
            // PostgreSQL: requests for the same chat or from the same address wait for each other, so two nodes
            // never both count below the limit; SQLite has one writer at a time anyway
            if isPostgres {
                for lock in ["ce-mail-chat:\(request.chat)"] + (request.clientAddress.map { ["ce-mail-ip:\($0)"] } ?? []) {
                    _ = try await sql.execute("SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(?))) AS l", .text(lock))
                }
            }
            if let earlier = try await sql.execute("SELECT outbox_key FROM ce_mail_request WHERE request_key = ?",
                .text(request.requestKey)).first
            {
                let rows = try await sql.execute("SELECT \(Self.outboxColumns) FROM ce_outbox WHERE idempotency_key = ?",
                    .text(try earlier.text("outbox_key")))
                guard let row = rows.first else { throw StoreError.corrupt("mail request \(request.requestKey) lost its outbox item") }
                return .queued(try Self.outboxItem(row), isNew: false)
            }
            let perChat = try await sql.execute("SELECT COUNT(*) AS n FROM ce_mail_request WHERE chat_id = ? AND recipient = ?",
                .int(request.chat), .text(request.recipient)).first?.int("n") ?? 0
            if perChat >= Int64(limits.perChat) { return .chatLimitReached }
            if let client = request.clientAddress {
                let recent = try await sql.execute("""
                    SELECT COUNT(*) AS n FROM ce_mail_request WHERE client_address = ? AND created_at > ?
                    """, .text(client), .int(millis - 3_600_000)).first?.int("n") ?? 0
                if recent >= Int64(limits.perHourPerAddress) { return .addressLimitReached }
            }
            // requests of chats that are gone count for nothing any more (kept a day for the hourly limit)
            _ = try await sql.execute("""
                DELETE FROM ce_mail_request WHERE created_at < ? AND chat_id NOT IN (SELECT id FROM ce_chat)
                """, .int(millis - 86_400_000))
            _ = try await sql.execute("""
                INSERT INTO ce_mail_request (request_key, chat_id, recipient, client_address, outbox_key, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, .text(request.requestKey), .int(request.chat), .text(request.recipient),
                request.clientAddress.map { .text($0) } ?? .null, .text(item.idempotencyKey), .int(millis))
            let isNew = try await Self.insertOutbox(item, now: now, sql)
            let rows = try await sql.execute("SELECT \(Self.outboxColumns) FROM ce_outbox WHERE idempotency_key = ?",
                .text(item.idempotencyKey))
            guard let row = rows.first else { throw StoreError.corrupt("outbox item \(item.idempotencyKey) vanished") }
            return .queued(try Self.outboxItem(row), isNew: isNew)
        }
    }
}
