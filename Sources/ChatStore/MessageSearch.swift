import ChatCore
import Foundation

/// The closed-chat search over message text: every message's text is stored once more, case-folded for
/// all of Unicode (ß and SS, Σ and ς, Ä and ä alike), in `ce_message_search`, indexed by trigrams (SQLite
/// FTS5's trigram tokenizer, PostgreSQL's pg_trgm), so that a search finds any part of a word without
/// reading the log. Internal messages are marked, so that customers and visitors never find a chat by them.
enum MessageSearch {
    /// The form both the stored text and the search term are compared in.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive], locale: nil)
    }

    /// The predicate on `c.id` (the chat) for one search term, with its binds.
    static func predicate(_ term: String, dialect: SQLDialect, includingInternal: Bool) -> (sql: String, binds: [SQLValue]) {
        let folded = fold(term).replacingOccurrences(of: "\0", with: "")
        let visible = includingInternal ? "" : " AND internal = 0"
        switch dialect {
        case .sqlite where folded.unicodeScalars.count >= 3:
            // a phrase of trigrams: any text containing the term; quotes inside are doubled
            let phrase = "\"" + folded.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            return ("c.id IN (SELECT chat_id FROM ce_message_search WHERE ce_message_search MATCH ?\(visible))", [.text(phrase)])
        case .sqlite:
            // shorter than a trigram: no index helps
            return ("c.id IN (SELECT chat_id FROM ce_message_search WHERE instr(folded, ?) > 0\(visible))", [.text(folded)])
        case .postgres:
            return ("c.id IN (SELECT chat_id FROM ce_message_search WHERE folded LIKE ?\(visible))",
                [.text("%" + SQLStore.likeLiteral(folded) + "%")])
        }
    }

    /// The search rows of the messages among `events`.
    static func insert(_ events: [ChatEvent], _ sql: any SQLExecutor) async throws {
        var rows: [Row] = []
        for event in events {
            if case .message(let text, let visibility) = event.kind {
                rows.append(Row(chat: event.chat.rawValue, seq: event.seq, isInternal: visibility == .agents, folded: fold(text)))
            }
        }
        try await insert(rows, sql)
    }

    struct Row {
        var chat: Int64
        var seq: Int64
        var isInternal: Bool
        var folded: String
    }

    /// One statement per 1,000 rows.
    private static func insert(_ rows: [Row], _ sql: any SQLExecutor) async throws {
        for chunkStart in stride(from: 0, to: rows.count, by: 1000) {
            let chunk = rows[chunkStart..<min(rows.count, chunkStart + 1000)]
            var binds: [SQLValue] = []
            binds.reserveCapacity(chunk.count * 4)
            for row in chunk { binds += [.int(row.chat), .int(row.seq), .int(row.isInternal ? 1 : 0), .text(row.folded)] }
            let values = Array(repeating: "(?, ?, ?, ?)", count: chunk.count).joined(separator: ", ")
            _ = try await sql.query("INSERT INTO ce_message_search (chat_id, seq, internal, folded) VALUES \(values)", binds)
        }
    }

    /// Fills the table from the log (the migration that creates it), a thousand messages at a time.
    static func backfill(_ sql: any SQLExecutor) async throws {
        var after: (chat: Int64, seq: Int64) = (-1, -1)
        while true {
            let found = try await sql.execute("""
                SELECT chat_id, seq, payload FROM ce_chat_event
                WHERE kind = 'message' AND (chat_id > ? OR (chat_id = ? AND seq > ?)) ORDER BY chat_id, seq LIMIT 1000
                """, .int(after.chat), .int(after.chat), .int(after.seq))
            guard !found.isEmpty else { return }
            var rows: [Row] = []
            for row in found {
                after = (try row.int("chat_id"), try row.int("seq"))
                guard case .message(let text, let visibility) = try EventPayload.decode(try row.text("payload")) else { continue }
                rows.append(Row(chat: after.chat, seq: after.seq, isInternal: visibility == .agents, folded: fold(text)))
            }
            try await insert(rows, sql)
        }
    }

    /// The search rows of chats being deleted (SQLite's FTS5 table knows no foreign keys).
    static let deleteForChat = "DELETE FROM ce_message_search WHERE chat_id = ?"
}
