import ChatCore
import Foundation

/// Writing tickets and articles. Every write checks and records its idempotency key in its own transaction,
/// and refuses (unknown queue, state, priority, ticket) before it writes anything.
extension SQLStore {
    public func createTicket(_ creation: TicketCreation) async throws -> TicketRef {
        try await recordingOnce(creation.idempotencyKey) {
            try await self.database.write { sql in
                if let done = try await Self.recordedWrite(creation.idempotencyKey, sql) { return done }
                let ticket = creation.ticket
                let queue = try await sql.execute("SELECT id, valid FROM ce_queue WHERE name = ?", .text(ticket.queue)).first
                guard let queue else { throw StoreError.notFound("queue '\(ticket.queue)'") }
                guard try queue.int("valid") == 1 else { throw StoreError.refused("the queue '\(ticket.queue)' is invalid") }
                let stateID = try await Self.validID("ce_ticket_state", "state", ticket.state, sql)
                let priorityID = try await Self.validID("ce_ticket_priority", "priority", ticket.priority, sql)
                // the day's counter, in this transaction: a concurrent create waits for it (or, in this
                // process, runs after it in the same writer), so no two tickets get the same number
                let day = TicketNumber.dayKey(creation.now)
                let counter = try await sql.execute("""
                    INSERT INTO ce_ticket_number_counter (day, counter) VALUES (?, 1)
                    ON CONFLICT (day) DO UPDATE SET counter = ce_ticket_number_counter.counter + 1 RETURNING counter
                    """, .text(day)).first?.int("counter") ?? 0
                let number = TicketNumber.make(day: creation.now, systemID: creation.systemID, counter: counter)
                let now = SQLValue.int(StoreClock.millis(creation.now))
                let rows = try await sql.execute("""
                    INSERT INTO ce_ticket (tn, title, queue_id, state_id, priority_id, customer_user_id, customer_id,
                        owner_id, locked, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id
                    """, .text(number), .text(ticket.title), .int(try queue.int("id")), .int(stateID), .int(priorityID),
                    .text(ticket.customerUser), .text(ticket.customerID), .int(creation.author.id.rawValue), now, now)
                let ref = TicketRef(id: TicketID(try rows.first?.int("id") ?? 0), number: number)
                for article in creation.articles {
                    try await Self.insertArticle(article, ticket: ref.id, author: creation.author, now: now, sql)
                }
                try await Self.recordWrite(creation.idempotencyKey, ticket: ref.id, now: now, sql)
                return ref
            }
        }
    }

    public func addArticles(_ articles: [NewArticle], to ticket: TicketID, author: TicketAuthor, idempotencyKey: String,
        now: Date) async throws -> TicketRef
    {
        try await recordingOnce(idempotencyKey) {
            try await self.database.write { sql in
                if let done = try await Self.recordedWrite(idempotencyKey, sql) { return done }
                guard let number = try await sql.execute("SELECT tn FROM ce_ticket WHERE id = ?", .int(ticket.rawValue))
                    .first?.text("tn")
                else { throw StoreError.notFound("ticket \(ticket.rawValue)") }
                let now = SQLValue.int(StoreClock.millis(now))
                for article in articles { try await Self.insertArticle(article, ticket: ticket, author: author, now: now, sql) }
                try await sql.execute("UPDATE ce_ticket SET changed_at = ? WHERE id = ?", now, .int(ticket.rawValue))
                try await Self.recordWrite(idempotencyKey, ticket: ticket, now: now, sql)
                return TicketRef(id: ticket, number: number)
            }
        }
    }

    public func ticketWrite(idempotencyKey: String) async throws -> TicketRef? {
        try await database.read("""
            SELECT t.id AS id, t.tn AS tn FROM ce_ticket_write w JOIN ce_ticket t ON t.id = w.ticket_id
            WHERE w.idempotency_key = ?
            """, [.text(idempotencyKey)]).first.map(Self.ticketRef)
    }

    /// A write whose key another server process recorded at the same time (PostgreSQL makes the second
    /// wait, then refuses its duplicate key): the first write's ticket is the answer.
    private func recordingOnce(_ key: String, _ write: () async throws -> TicketRef) async throws -> TicketRef {
        do {
            return try await write()
        } catch let error as StoreError {
            guard case .duplicate = error, let done = try await ticketWrite(idempotencyKey: key) else { throw error }
            return done
        }
    }

    static func ticketRef(_ row: SQLRow) throws(StoreError) -> TicketRef {
        TicketRef(id: TicketID(try row.int("id")), number: try row.text("tn"))
    }

    static func recordedWrite(_ key: String, _ sql: any SQLExecutor) async throws -> TicketRef? {
        try await sql.execute("""
            SELECT t.id AS id, t.tn AS tn FROM ce_ticket_write w JOIN ce_ticket t ON t.id = w.ticket_id
            WHERE w.idempotency_key = ?
            """, .text(key)).first.map(ticketRef)
    }

    static func recordWrite(_ key: String, ticket: TicketID, now: SQLValue, _ sql: any SQLExecutor) async throws {
        try await sql.execute("INSERT INTO ce_ticket_write (idempotency_key, ticket_id, created_at) VALUES (?, ?, ?)",
            .text(key), .int(ticket.rawValue), now)
    }

    /// The ID of a valid state or priority by name (`StoreError.notFound` names it).
    static func validID(_ table: String, _ what: String, _ name: String, _ sql: any SQLExecutor) async throws -> Int64 {
        guard let id = try await sql.execute("SELECT id FROM \(table) WHERE name = ? AND valid = 1", .text(name)).first?.int("id")
        else { throw StoreError.notFound("\(what) '\(name)'") }
        return id
    }

    static func insertArticle(_ article: NewArticle, ticket: TicketID, author: TicketAuthor, now: SQLValue,
        _ sql: any SQLExecutor) async throws
    {
        let rows = try await sql.execute("""
            INSERT INTO ce_ticket_article (ticket_id, sender_type, channel, visible_for_customer, author_id, from_name,
                subject, body, chat_id, transcript, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, .int(ticket.rawValue), .text(TicketColumns.name(article.senderType)), .text(TicketColumns.name(article.channel)),
            .int(article.isVisibleForCustomer ? 1 : 0), .int(author.id.rawValue), .text(author.name), .text(article.subject),
            .text(article.body), .optional(article.chat?.rawValue), .optional(article.transcript.map(TranscriptPayload.encode)),
            now)
        let articleID = try rows.first?.int("id") ?? 0
        for file in article.attachments {
            try await sql.execute("""
                INSERT INTO ce_ticket_attachment (article_id, filename, content_type, size, content_base64)
                VALUES (?, ?, ?, ?, ?)
                """, .int(articleID), .text(file.filename), .text(file.contentType), .int(Int64(file.content.count)),
                .text(Data(file.content).base64EncodedString()))
        }
    }
}

/// The stored names of article sender types and channels, spelled out here rather than taken from Swift
/// raw values (OTRS's own names); the outbox's ticket-articles payload writes the same names.
public enum TicketColumns {
    public static func name(_ sender: ArticleSenderType) -> String {
        switch sender {
        case .agent: "agent"
        case .system: "system"
        case .customer: "customer"
        }
    }

    public static func name(_ channel: CommunicationChannel) -> String {
        switch channel {
        case .email: "Email"
        case .phone: "Phone"
        case .internal: "Internal"
        }
    }

    public static func senderType(_ name: String) throws(StoreError) -> ArticleSenderType {
        switch name {
        case "agent": .agent
        case "system": .system
        case "customer": .customer
        default: throw .corrupt("article sender type '\(name)'")
        }
    }

    public static func channel(_ name: String) throws(StoreError) -> CommunicationChannel {
        switch name {
        case "Email": .email
        case "Phone": .phone
        case "Internal": .internal
        default: throw .corrupt("article channel '\(name)'")
        }
    }
}
