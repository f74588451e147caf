import ChatCore
import Foundation

extension SQLStore: WidgetRepository {
    public func bindWidget(visitor: VisitorID, chat: ChatID, hostOrigin: String, fields: String, now: Date) async throws
        -> WidgetBinding
    {
        try await database.write { sql in
            // the primary key decides between two racing binds, on any node
            let inserted = try await sql.execute("""
                INSERT INTO ce_visitor_widget (visitor_id, chat_id, host_origin, fields, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (visitor_id) DO NOTHING RETURNING visitor_id
                """, .text(visitor.rawValue), .int(chat.rawValue), .text(hostOrigin), .text(fields), .int(StoreClock.millis(now)))
            guard let row = try await sql.execute(
                "SELECT chat_id, host_origin, fields FROM ce_visitor_widget WHERE visitor_id = ?", .text(visitor.rawValue)).first
            else { throw StoreError.notFound("widget binding of visitor \(visitor.rawValue)") }
            return WidgetBinding(chat: ChatID(try row.int("chat_id")), hostOrigin: try row.text("host_origin"),
                fields: try row.text("fields"), isNew: !inserted.isEmpty)
        }
    }

    public func widgetBinding(of visitor: VisitorID) async throws -> WidgetBinding? {
        try await database.read("SELECT chat_id, host_origin, fields FROM ce_visitor_widget WHERE visitor_id = ?",
            [.text(visitor.rawValue)]).first.map { row throws(StoreError) in
            WidgetBinding(chat: ChatID(try row.int("chat_id")), hostOrigin: try row.text("host_origin"),
                fields: try row.text("fields"), isNew: false)
        }
    }
}
