import ChatCore
import Foundation

/// Queues, states and priorities of ChatEngine's own ticket store.
extension SQLStore {
    static let queueSelect = """
        SELECT q.id AS id, q.name AS name, g.name AS group_name, q.valid AS valid, q.comment AS comment
        FROM ce_queue q JOIN ce_group g ON g.id = q.group_id
        """

    static func queueRecord(_ row: SQLRow) throws(StoreError) -> TicketQueue {
        TicketQueue(id: try row.int("id"), name: try row.text("name"), group: try row.text("group_name"),
            isValid: try row.int("valid") == 1, comment: try row.text("comment"))
    }

    public func queues() async throws -> [TicketQueue] {
        try await database.read(Self.queueSelect + " ORDER BY q.name", []).map(Self.queueRecord)
    }

    public func queue(id: Int64) async throws -> TicketQueue? {
        try await database.read(Self.queueSelect + " WHERE q.id = ?", [.int(id)]).first.map(Self.queueRecord)
    }

    public func addQueue(name: String, group: String, comment: String) async throws -> TicketQueue {
        let id = try await database.write { sql in
            let groupID = try await Self.groupID(group, sql)
            try await Self.requireFreeQueueName(name, except: nil, sql)
            return try await sql.execute("""
                INSERT INTO ce_queue (name, group_id, valid, comment, created_at) VALUES (?, ?, 1, ?, ?) RETURNING id
                """, .text(name), .int(groupID), .text(comment), .int(StoreClock.millis())).first?.int("id") ?? 0
        }
        return TicketQueue(id: id, name: name, group: group, isValid: true, comment: comment)
    }

    public func updateQueue(_ queue: TicketQueue) async throws {
        try await database.write { sql in
            let groupID = try await Self.groupID(queue.group, sql)
            try await Self.requireFreeQueueName(queue.name, except: queue.id, sql)
            let rows = try await sql.execute("""
                UPDATE ce_queue SET name = ?, group_id = ?, valid = ?, comment = ? WHERE id = ? RETURNING id
                """, .text(queue.name), .int(groupID), .int(queue.isValid ? 1 : 0), .text(queue.comment), .int(queue.id))
            if rows.isEmpty { throw StoreError.notFound("queue \(queue.id)") }
        }
    }

    /// Checked before writing, so a taken name is a clean refusal, not a failed statement.
    static func requireFreeQueueName(_ name: String, except id: Int64?, _ sql: any SQLExecutor) async throws {
        let rows = try await sql.execute("SELECT id FROM ce_queue WHERE name = ?", .text(name))
        if let other = try rows.first?.int("id"), other != id { throw StoreError.refused("a queue named \(name) already exists") }
    }

    public func ticketStates() async throws -> [TicketStateRecord] {
        try await database.read("SELECT name, type, valid FROM ce_ticket_state ORDER BY id", []).map { row throws(StoreError) in
            TicketStateRecord(name: try row.text("name"), type: try row.text("type"), isValid: try row.int("valid") == 1)
        }
    }

    public func ticketPriorities() async throws -> [String] {
        try await database.read("SELECT name FROM ce_ticket_priority WHERE valid = 1 ORDER BY id", []).map {
            row throws(StoreError) in try row.text("name")
        }
    }
}
