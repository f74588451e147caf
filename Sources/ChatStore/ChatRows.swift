import ChatCore
import Foundation

/// Reading and writing chats, their participants and their events as rows.
enum ChatRows {
    static let select = "SELECT \(columns) FROM ce_chat c"

    static let columns = """
        c.id AS id, c.channel_id AS channel_id, c.state AS state, c.requester_kind AS requester_kind,
            c.requester_id AS requester_id, c.target_kind AS target_kind, c.target_id AS target_id,
            c.ticket_id AS ticket_id, c.created_at AS created_at, c.closed_at AS closed_at, c.last_seq AS last_seq
        """

    static let participantColumns = "chat_id, person_kind, person_id, role, state, monitoring, agent_number, invited_by"

    static func chat(_ row: SQLRow, participants: [ChatParticipant]) throws(StoreError) -> Chat {
        guard let state = ChatState(rawValue: try row.text("state")) else { throw .corrupt("chat state") }
        let targetKind = try row.text("target_kind")
        let target: ChatTarget
        if targetKind == "channel" {
            target = .channel
        } else {
            switch try PersonColumns.decode(kind: targetKind, id: try row.text("target_id")) {
            case .agent(let id): target = .agent(id)
            case .customer(let id): target = .customer(id)
            case .visitor: throw .corrupt("visitor as a chat target")
            }
        }
        return Chat(id: ChatID(try row.int("id")), channel: ChannelID(try row.int("channel_id")), state: state,
            requester: try PersonColumns.decode(kind: try row.text("requester_kind"), id: try row.text("requester_id")),
            target: target, ticketID: row.optionalInt("ticket_id"), createdAt: StoreClock.date(try row.int("created_at")),
            closedAt: row.optionalInt("closed_at").map(StoreClock.date), participants: participants,
            lastSeq: try row.int("last_seq"))
    }

    static func participant(_ row: SQLRow) throws(StoreError) -> ChatParticipant {
        guard let role = ParticipantRole(rawValue: try row.text("role")),
            let state = ParticipantState(rawValue: try row.text("state")),
            let monitoring = MonitoringLevel(rawValue: try row.text("monitoring"))
        else { throw .corrupt("participant") }
        return ChatParticipant(person: try PersonColumns.decode(kind: try row.text("person_kind"), id: try row.text("person_id")),
            role: role, state: state, monitoring: monitoring, agentNumber: row.optionalInt("agent_number").map { Int($0) },
            invitedBy: row.optionalInt("invited_by").map(AgentID.init))
    }

    static func event(_ row: SQLRow) throws -> ChatEvent {
        ChatEvent(chat: ChatID(try row.int("chat_id")), seq: try row.int("seq"), at: StoreClock.date(try row.int("at")),
            actor: try PersonColumns.decode(kind: try row.text("actor_kind"), id: try row.text("actor_id")),
            kind: try EventPayload.decode(try row.text("payload")))
    }

    static func load(_ id: ChatID, _ sql: any SQLExecutor) async throws -> Chat {
        guard let row = try await sql.execute(select + " WHERE c.id = ?", .int(id.rawValue)).first else {
            throw StoreError.notFound("chat \(id.rawValue)")
        }
        let participants = try await sql.execute(
            "SELECT \(participantColumns) FROM ce_chat_participant WHERE chat_id = ? ORDER BY position",
            .int(id.rawValue)).map(participant)
        return try chat(row, participants: participants)
    }

    /// Several chats' rows to their new state in one statement per 1,000 chats (the caller checked their
    /// log ends). `UPDATE ... FROM (VALUES ...)` reads the same on SQLite and PostgreSQL, whose VALUES
    /// columns are both named column1, column2, ...
    static func advance(_ chats: [Chat], at now: Date, _ sql: any SQLExecutor) async throws {
        // one chat with several appends in the batch: its last state wins
        var latest: [Int64: Chat] = [:]
        for chat in chats { latest[chat.id.rawValue] = chat }
        let ordered = latest.values.sorted { $0.id < $1.id }
        for chunkStart in stride(from: 0, to: ordered.count, by: 1000) {
            let chunk = ordered[chunkStart..<min(ordered.count, chunkStart + 1000)]
            var binds: [SQLValue] = [.int(StoreClock.millis(now))]
            for chat in chunk {
                binds += [.int(chat.id.rawValue), .int(chat.channel.rawValue), .text(chat.state.rawValue),
                    .optional(chat.closedAt.map { StoreClock.millis($0) }), .int(chat.lastSeq), .optional(chat.ticketID)]
            }
            let rows = Array(repeating: "(?, ?, ?, CAST(? AS BIGINT), ?, CAST(? AS BIGINT))", count: chunk.count)
                .joined(separator: ", ")
            _ = try await sql.query("""
                UPDATE ce_chat SET last_event_at = ?, channel_id = v.column2, state = v.column3, closed_at = v.column4,
                    last_seq = v.column5, ticket_id = v.column6
                FROM (VALUES \(rows)) AS v WHERE ce_chat.id = v.column1
                """, binds)
        }
    }

    /// Events in as few statements as the engines' bind limits allow. `commandIDs` runs parallel to
    /// `events`: each command's ID stands on its first event, where the unique index keeps it once per chat.
    static func insert(_ events: [ChatEvent], commandIDs: [String?], _ sql: any SQLExecutor) async throws {
        guard !events.isEmpty else { return }
        for chunkStart in stride(from: 0, to: events.count, by: 1000) {
            let range = chunkStart..<min(events.count, chunkStart + 1000)
            var binds: [SQLValue] = []
            binds.reserveCapacity(range.count * 8)
            for index in range {
                let event = events[index]
                let actor = PersonColumns.encode(event.actor)
                binds += [.int(event.chat.rawValue), .int(event.seq), .int(StoreClock.millis(event.at)), .text(actor.kind),
                    .text(actor.id), .text(EventPayload.type(of: event.kind)), .text(EventPayload.encode(event.kind)), .optional(commandIDs[index])]
            }
            let rows = Array(repeating: "(?, ?, ?, ?, ?, ?, ?, ?)", count: range.count).joined(separator: ", ")
            _ = try await sql.query("""
                INSERT INTO ce_chat_event (chat_id, seq, at, actor_kind, actor_id, kind, payload, command_id) VALUES \(rows)
                """, binds)
        }
        try await MessageSearch.insert(events, sql)
    }

    /// The command ID on the first of a command's events.
    static func commandIDs(for events: [ChatEvent], _ commandID: String?) -> [String?] {
        events.indices.map { $0 == 0 ? commandID : nil }
    }

    /// Participants change with joins, leaves, roles and monitoring; messages leave them alone.
    static func saveParticipants(of chat: Chat, after events: [ChatEvent], _ sql: any SQLExecutor) async throws {
        guard events.contains(where: \.kind.changesParticipants) else { return }
        for (position, participant) in chat.participants.enumerated() {
            let person = PersonColumns.encode(participant.person)
            try await sql.execute("""
                INSERT INTO ce_chat_participant (chat_id, person_kind, person_id, role, state, monitoring, agent_number, invited_by,
                    position)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (chat_id, person_kind, person_id) DO UPDATE SET role = excluded.role, state = excluded.state,
                    monitoring = excluded.monitoring, agent_number = excluded.agent_number, invited_by = excluded.invited_by
                """, .int(chat.id.rawValue), .text(person.kind), .text(person.id), .text(participant.role.rawValue),
                .text(participant.state.rawValue), .text(participant.monitoring.rawValue),
                .optional(participant.agentNumber.map(Int64.init)), .optional(participant.invitedBy?.rawValue),
                .int(Int64(position)))
        }
    }
}

extension ChatEventKind {
    var changesParticipants: Bool {
        switch self {
        case .message, .channelChanged, .closed, .ticketLinked: false
        default: true
        }
    }
}
