import ChatCore
import Foundation

extension SQLStore: ChatRepository {
    public func createChat(actor: Person, kinds: [ChatEventKind], commandID: String?, now: Date, newVisitor: NewVisitor?)
        async throws -> AppendResult
    {
        guard case .created(let channel, let target) = kinds.first else { throw StoreError.refused("a chat starts with .created") }
        let requester = PersonColumns.encode(actor)
        let targetColumns = target.person.map(PersonColumns.encode) ?? (kind: "channel", id: "")
        do {
            return try await database.write { sql in
                if let resend = try await Self.chatCreated(by: requester, commandID: commandID, sql) { return resend }
                let millis = StoreClock.millis(now)
                if let visitor = newVisitor {
                    try await sql.execute("""
                        INSERT INTO ce_visitor (id, token_hash, name, created_at, last_seen, first_command_id, client_address)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, .text(visitor.id.rawValue), .text(visitor.tokenHash), .text(visitor.name), .int(millis), .int(millis),
                        .optional(visitor.firstCommandID), .text(visitor.clientAddress))
                }
                let id = try await sql.execute("""
                    INSERT INTO ce_chat (channel_id, state, requester_kind, requester_id, target_kind, target_id, created_at,
                        last_seq, last_event_at, create_command_id)
                    VALUES (?, 'request', ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id
                    """, .int(channel.rawValue), .text(requester.kind), .text(requester.id), .text(targetColumns.kind),
                    .text(targetColumns.id), .int(millis), .int(millis), .optional(commandID)).first?.int("id") ?? 0
                let events = kinds.enumerated().map { index, kind in
                    ChatEvent(chat: ChatID(id), seq: Int64(index + 1), at: now, actor: actor, kind: kind)
                }
                guard let started = Chat.started(by: events[0]) else { throw StoreError.refused("a chat starts with .created") }
                let chat = events.dropFirst().reduce(started) { $0.applying($1) }
                try await ChatRows.advance([chat], at: now, sql)
                try await ChatRows.insert(events, commandIDs: ChatRows.commandIDs(for: events, commandID), sql)
                try await ChatRows.saveParticipants(of: chat, after: events, sql)
                return AppendResult(chat: chat, events: events, duplicateOf: nil)
            }
        } catch StoreError.duplicate(let what) {
            // a unique index caught a race the checks could not see: the same command twice (answer as a
            // resend), or a second waiting request of one person (`ce_chat_one_waiting_request`)
            if let resend = try await database.write({ sql in try await Self.chatCreated(by: requester, commandID: commandID, sql) }) {
                return resend
            }
            if target == .channel, try await hasWaitingRequest(requester) { throw ChatError.requestAlreadyWaiting }
            throw StoreError.duplicate(what)
        }
    }

    /// The chat a person's command already created, answered as a resend.
    private static func chatCreated(by requester: (kind: String, id: String), commandID: String?, _ sql: any SQLExecutor)
        async throws -> AppendResult?
    {
        guard let commandID, let existing = try await sql.execute("""
            SELECT id FROM ce_chat WHERE requester_kind = ? AND requester_id = ? AND create_command_id = ?
            """, .text(requester.kind), .text(requester.id), .text(commandID)).first
        else { return nil }
        let chat = try await ChatRows.load(ChatID(try existing.int("id")), sql)
        return AppendResult(chat: chat, events: [], duplicateOf: 1)
    }

    private func hasWaitingRequest(_ requester: (kind: String, id: String)) async throws -> Bool {
        let rows = try await database.read("""
            SELECT 1 AS one FROM ce_chat WHERE requester_kind = ? AND requester_id = ? AND state = 'request' AND target_kind = 'channel'
            """, [.text(requester.kind), .text(requester.id)])
        return !rows.isEmpty
    }

    /// Appends queued together are written together (see `ChatAppend`): the chat's row moves forward only
    /// if its log still ends where the caller read it, else nothing is written and the caller decides again.
    public func append(to chat: Chat, actor: Person, kinds: [ChatEventKind], commandID: String?, now: Date) async throws
        -> AppendResult
    {
        try await append(to: chat, actor: actor, kinds: kinds, commandID: commandID, now: now, senderRate: nil)
    }

    /// `senderRate`: the sender's message limit, checked in the append's own transaction (`SenderRateCheck`).
    public func append(to chat: Chat, actor: Person, kinds: [ChatEventKind], commandID: String?, now: Date,
        senderRate: SenderRate?) async throws -> AppendResult
    {
        let events = kinds.enumerated().map { index, kind in
            ChatEvent(chat: chat.id, seq: chat.lastSeq + Int64(index + 1), at: now, actor: actor, kind: kind)
        }
        let updated = events.reduce(chat) { $0.applying($1) }
        do {
            return try await database.writeBatched(
                ChatAppend(updated: updated, expectedLastSeq: chat.lastSeq, events: events, commandID: commandID,
                    lockRows: isPostgres, senderRate: senderRate))
        } catch let resend as ResendFound {
            return AppendResult(chat: try await self.chat(id: chat.id) ?? chat, events: [], duplicateOf: resend.seq)
        } catch StoreError.duplicate where commandID != nil {
            // a resend raced its original into the same batch: answer as for any resend
            guard let commandID, let seq = try await commandSeq(chat: chat.id, commandID: commandID, sender: actor) else {
                throw StoreError.conflict
            }
            return AppendResult(chat: try await self.chat(id: chat.id) ?? chat, events: [], duplicateOf: seq)
        }
    }

    public func chat(id: ChatID) async throws -> Chat? {
        let rows = try await database.read(ChatRows.select + " WHERE c.id = ?", [.int(id.rawValue)])
        return try await loadChats(rows).first
    }

    public func commandSeq(chat: ChatID, commandID: String, sender: Person) async throws -> Int64? {
        let (kind, id) = PersonColumns.encode(sender)
        return try await database.read("""
            SELECT seq FROM ce_chat_event WHERE chat_id = ? AND actor_kind = ? AND actor_id = ? AND command_id = ?
            """, [.int(chat.rawValue), .text(kind), .text(id), .text(commandID)]).first?.int("seq")
    }

    public func events(of chat: ChatID, after seq: Int64, limit: Int) async throws -> [ChatEvent] {
        try await database.read("""
            SELECT chat_id, seq, at, actor_kind, actor_id, payload FROM ce_chat_event
            WHERE chat_id = ? AND seq > ? ORDER BY seq LIMIT ?
            """, [.int(chat.rawValue), .int(seq), .int(Int64(limit))]).map(ChatRows.event)
    }

    public func chats(in state: ChatState) async throws -> [Chat] {
        try await loadChats(try await database.read(ChatRows.select + " WHERE c.state = ? ORDER BY c.created_at, c.id",
            [.text(state.rawValue)]))
    }

    public func openChats(of person: Person) async throws -> [Chat] {
        let (kind, id) = PersonColumns.encode(person)
        return try await loadChats(try await database.read(ChatRows.select + """
             WHERE c.state <> 'closed' AND EXISTS (SELECT 1 FROM ce_chat_participant p WHERE p.chat_id = c.id
                AND p.person_kind = ? AND p.person_id = ? AND p.state IN ('active', 'invited'))
             ORDER BY c.created_at, c.id
            """, [.text(kind), .text(id)]))
    }

    public func deleteExpiredChats(closedBefore: Date, unclosedBefore: Date) async throws -> Int {
        try await database.write { sql in
            let deleted = try await sql.execute("""
                DELETE FROM ce_chat WHERE ticket_id IS NULL AND ((state = 'closed' AND closed_at < ?)
                    OR (state <> 'closed' AND created_at < ?)) RETURNING id
                """, .int(StoreClock.millis(closedBefore)), .int(StoreClock.millis(unclosedBefore)))
            for row in deleted { try await MessageSearch.delete(chat: try row.int("id"), sql) }
            return deleted.count
        }
    }

    /// What a person typed, as a LIKE pattern that matches only itself: `%`, `_` and the escape character
    /// are escaped, NUL (which no text holds) is dropped.
    static func likeLiteral(_ text: String) -> String {
        var out = ""
        for character in text where character != "\0" {
            if character == "%" || character == "_" || character == "\\" { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Chat rows with their participants, loaded in one more query.
    func loadChats(_ rows: [SQLRow]) async throws -> [Chat] {
        guard !rows.isEmpty else { return [] }
        let ids = try rows.map { row throws(StoreError) in try row.int("id") }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        let participantRows = try await database.read(
            "SELECT \(ChatRows.participantColumns) FROM ce_chat_participant WHERE chat_id IN (\(placeholders)) ORDER BY chat_id, position",
            ids.map { .int($0) })
        var participants: [Int64: [ChatParticipant]] = [:]
        for row in participantRows { participants[try row.int("chat_id"), default: []].append(try ChatRows.participant(row)) }
        return try rows.map { row throws(StoreError) in
            try ChatRows.chat(row, participants: participants[try row.int("id")] ?? [])
        }
    }
}
