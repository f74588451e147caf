import ChatCore
import Foundation

/// Reading tickets, articles and attachments of ChatEngine's own ticket store (queues in
/// `SQLStore+TicketQueues`, writes in `SQLStore+TicketWrites`).
extension SQLStore: TicketRepository {
    static let ticketSelect = """
        SELECT t.id AS id, t.tn AS tn, t.title AS title, q.name AS queue_name, s.name AS state_name, s.type AS state_type,
            p.name AS priority_name, t.customer_user_id AS customer_user_id, t.customer_id AS customer_id,
            a.login AS owner_login, a.first_name AS owner_first, a.last_name AS owner_last, t.locked AS locked,
            t.created_at AS created_at, t.changed_at AS changed_at
        FROM ce_ticket t JOIN ce_queue q ON q.id = t.queue_id JOIN ce_ticket_state s ON s.id = t.state_id
            JOIN ce_ticket_priority p ON p.id = t.priority_id JOIN ce_agent a ON a.id = t.owner_id
        """

    static func ticketRecord(_ row: SQLRow) throws(StoreError) -> Ticket {
        let ownerName = [try row.text("owner_first"), try row.text("owner_last")].filter { !$0.isEmpty }.joined(separator: " ")
        return Ticket(ref: try ticketRef(row), title: try row.text("title"), queue: try row.text("queue_name"),
            state: try row.text("state_name"), stateType: try row.text("state_type"), priority: try row.text("priority_name"),
            customerUser: try row.text("customer_user_id"), customerID: try row.text("customer_id"),
            owner: try row.text("owner_login"), ownerName: ownerName, isLocked: try row.int("locked") == 1,
            createdAt: StoreClock.date(try row.int("created_at")), changedAt: StoreClock.date(try row.int("changed_at")))
    }

    public func ticket(id: TicketID) async throws -> Ticket? {
        try await database.read(Self.ticketSelect + " WHERE t.id = ?", [.int(id.rawValue)]).first.map(Self.ticketRecord)
    }

    public func searchTickets(_ text: String, inQueues queues: [Int64], limit: Int) async throws -> [Ticket] {
        guard !queues.isEmpty, limit > 0 else { return [] }
        let placeholders = Array(repeating: "?", count: queues.count).joined(separator: ", ")
        var binds: [SQLValue] = queues.map { .int($0) }
        var filter = ""
        let text = text.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty {
            filter = " AND (LOWER(t.tn) LIKE ? ESCAPE '\\' OR LOWER(t.title) LIKE ? ESCAPE '\\'"
                + " OR LOWER(t.customer_user_id) LIKE ? ESCAPE '\\')"
            binds += Array(repeating: .text(Self.containsPattern(text)), count: 3)
        }
        binds.append(.int(Int64(limit)))
        return try await database.read(Self.ticketSelect + " WHERE t.queue_id IN (\(placeholders))\(filter)"
            + " ORDER BY t.changed_at DESC, t.id DESC LIMIT ?", binds).map(Self.ticketRecord)
    }

    public func tickets(customerUser login: String, limit: Int) async throws -> [Ticket] {
        try await database.read(Self.ticketSelect + " WHERE t.customer_user_id = ? ORDER BY t.changed_at DESC, t.id DESC LIMIT ?",
            [.text(login), .int(Int64(max(limit, 0)))]).map(Self.ticketRecord)
    }

    public func articles(of ticket: TicketID) async throws -> [TicketArticle] {
        let rows = try await database.read("""
            SELECT id, ticket_id, sender_type, channel, visible_for_customer, from_name, subject, body, chat_id, transcript,
                created_at FROM ce_ticket_article WHERE ticket_id = ? ORDER BY id
            """, [.int(ticket.rawValue)])
        let files = try await database.read("""
            SELECT f.id AS id, f.article_id AS article_id, f.filename AS filename, f.content_type AS content_type, f.size AS size
            FROM ce_ticket_attachment f JOIN ce_ticket_article a ON a.id = f.article_id WHERE a.ticket_id = ? ORDER BY f.id
            """, [.int(ticket.rawValue)])
        var byArticle: [Int64: [TicketArticle.File]] = [:]
        for row in files {
            byArticle[try row.int("article_id"), default: []].append(TicketArticle.File(id: try row.int("id"),
                filename: try row.text("filename"), contentType: try row.text("content_type"), size: Int(try row.int("size"))))
        }
        return try rows.map { row throws(StoreError) in
            let id = try row.int("id")
            return TicketArticle(id: id, ticket: TicketID(try row.int("ticket_id")),
                senderType: try TicketColumns.senderType(try row.text("sender_type")),
                channel: try TicketColumns.channel(try row.text("channel")),
                isVisibleForCustomer: try row.int("visible_for_customer") == 1, from: try row.text("from_name"),
                subject: try row.text("subject"), body: try row.text("body"), files: byArticle[id] ?? [],
                chat: row.optionalInt("chat_id").map(ChatID.init),
                transcript: try row.optionalText("transcript").map { text throws(StoreError) in try TranscriptPayload.decode(text) },
                createdAt: StoreClock.date(try row.int("created_at")))
        }
    }

    public func attachment(id: Int64) async throws -> StoredAttachment? {
        guard let row = try await database.read("""
            SELECT f.filename AS filename, f.content_type AS content_type, f.content_base64 AS content, a.id AS article_id,
                a.ticket_id AS ticket_id, a.visible_for_customer AS visible FROM ce_ticket_attachment f
            JOIN ce_ticket_article a ON a.id = f.article_id WHERE f.id = ?
            """, [.int(id)]).first
        else { return nil }
        guard let content = Data(base64Encoded: try row.text("content")) else { throw StoreError.corrupt("attachment \(id)") }
        return StoredAttachment(ticket: TicketID(try row.int("ticket_id")), article: try row.int("article_id"),
            isVisibleForCustomer: try row.int("visible") == 1,
            attachment: TicketAttachment(filename: try row.text("filename"), contentType: try row.text("content_type"),
                content: [UInt8](content)))
    }
}
