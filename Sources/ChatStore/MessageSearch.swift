import ChatCore
import Foundation

/// The closed-chat search over message text: every message's text is stored once more, case-folded for
/// all of Unicode (ß and SS, Σ and ς, Ä and ä alike), in `ce_message_search`, indexed by trigrams (SQLite
/// FTS5's trigram tokenizer, PostgreSQL's pg_trgm), so that a search finds any part of a word without
/// reading the log. Internal messages are marked, so that customers and visitors never find a chat by them.
///
/// On SQLite a row's rowid is its chat and sequence number in one (`rowid(chat:seq:)`), so that FTS5 finds
/// one chat's matches by a rowid range; PostgreSQL's table has the primary key (chat_id, seq) for that.
enum MessageSearch {
    /// The form both the stored text and the search term are compared in.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive], locale: nil)
    }

    /// Bits of a SQLite rowid that hold the sequence number. A chat's 16,777,216th event and later are not
    /// indexed (no limit lets a chat grow that far; the rowid of the next chat must not be taken).
    static let seqBits: Int64 = 24
    static let seqLimit: Int64 = 1 << seqBits

    static func rowid(chat: Int64, seq: Int64) -> Int64 { chat << seqBits | seq }

    /// A term found in more messages than this is searched a page of chats at a time, newest first (it soon
    /// finds a page of matching chats); a rarer one from the index's list of matching chats.
    static let commonTermMessages = 2000

    /// How many of a person's newest closed chats a term under three characters is looked for in: no
    /// index finds it, and reading every message of 100,000 chats takes seconds.
    static let shortTermChats = 10_000

    /// One search term in the form each engine's index takes.
    struct Term {
        let folded: String
        let dialect: SQLDialect
        let includingInternal: Bool

        init(_ text: String, dialect: SQLDialect, includingInternal: Bool) {
            folded = MessageSearch.fold(text).replacingOccurrences(of: "\0", with: "")
            self.dialect = dialect
            self.includingInternal = includingInternal
        }

        /// The condition on one `ce_message_search` row (unqualified columns), with its binds.
        private var match: (sql: String, binds: [SQLValue]) {
            let visible = includingInternal ? "" : " AND internal = 0"
            switch dialect {
            case .sqlite where isIndexed:
                // a phrase of trigrams: any text containing the term; quotes inside are doubled
                let phrase = "\"" + folded.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                return ("ce_message_search MATCH ?\(visible)", [.text(phrase)])
            case .sqlite:
                // shorter than a trigram: no index helps
                return ("instr(folded, ?) > 0\(visible)", [.text(folded)])
            case .postgres:
                return ("folded LIKE ?\(visible)", [.text("%" + SQLStore.likeLiteral(folded) + "%")])
            }
        }

        /// Whether the trigram index can find the term (three characters or more).
        var isIndexed: Bool { folded.unicodeScalars.count >= 3 }

        /// The chats of every message containing the term, or nil when more than `commonTermMessages`
        /// messages do (the index stops reading there). (On SQLite the rowid holds the chat: reading it spares
        /// a lookup of the stored row per match.)
        func rareMatches(in database: any SQLDatabase) async throws -> Set<Int64>? {
            let (sql, binds) = match
            let rows = try await database.read("SELECT \(chatColumn) AS chat_id FROM ce_message_search WHERE \(sql) LIMIT ?",
                binds + [.int(Int64(MessageSearch.commonTermMessages + 1))])
            guard rows.count <= MessageSearch.commonTermMessages else { return nil }
            return Set(try rows.map { row throws(StoreError) in try row.int("chat_id") })
        }

        /// The chats among `first...last` with a matching message.
        func chats(from first: Int64, through last: Int64, in database: any SQLDatabase) async throws -> Set<Int64> {
            let (sql, binds) = match
            let range: [SQLValue] = switch dialect {
            case .sqlite: [.int(MessageSearch.rowid(chat: first, seq: 0)), .int(MessageSearch.rowid(chat: last, seq: seqLimit - 1))]
            case .postgres: [.int(first), .int(last)]
            }
            let rangeColumn = dialect == .sqlite ? "rowid" : "chat_id"
            let rows = try await database.read("""
                SELECT DISTINCT \(chatColumn) AS chat_id FROM ce_message_search WHERE \(sql) AND \(rangeColumn) BETWEEN ? AND ?
                """, binds + range)
            return Set(try rows.map { row throws(StoreError) in try row.int("chat_id") })
        }

        private var chatColumn: String { dialect == .sqlite ? "rowid >> \(seqBits)" : "chat_id" }
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
        let rows = rows.filter { $0.seq < seqLimit }
        let rowid = sql.dialect == .sqlite
        for chunkStart in stride(from: 0, to: rows.count, by: 1000) {
            let chunk = rows[chunkStart..<min(rows.count, chunkStart + 1000)]
            var binds: [SQLValue] = []
            binds.reserveCapacity(chunk.count * 5)
            for row in chunk {
                if rowid { binds.append(.int(Self.rowid(chat: row.chat, seq: row.seq))) }
                binds += [.int(row.chat), .int(row.seq), .int(row.isInternal ? 1 : 0), .text(row.folded)]
            }
            let columns = (rowid ? "rowid, " : "") + "chat_id, seq, internal, folded"
            let values = Array(repeating: rowid ? "(?, ?, ?, ?, ?)" : "(?, ?, ?, ?)", count: chunk.count)
            _ = try await sql.query("INSERT INTO ce_message_search (\(columns)) VALUES \(values.joined(separator: ", "))", binds)
        }
    }

    /// Fills the table from the log (the migrations that create or renumber it), a thousand messages at a time.
    static func refill(_ sql: any SQLExecutor) async throws {
        try await sql.execute("DELETE FROM ce_message_search")
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

    /// Removes the search rows of a chat being deleted (SQLite's FTS5 table knows no foreign keys).
    static func delete(chat: Int64, _ sql: any SQLExecutor) async throws {
        switch sql.dialect {
        case .sqlite:
            try await sql.execute("DELETE FROM ce_message_search WHERE rowid BETWEEN ? AND ?",
                .int(rowid(chat: chat, seq: 0)), .int(rowid(chat: chat, seq: seqLimit - 1)))
        case .postgres:
            try await sql.execute("DELETE FROM ce_message_search WHERE chat_id = ?", .int(chat))
        }
    }
}
