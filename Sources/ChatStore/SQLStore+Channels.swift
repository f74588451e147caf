import ChatCore
import Foundation

extension SQLStore: ChannelRepository {
    static let channelSelect = """
        SELECT c.id AS id, c.name AS name, g.name AS group_name, c.valid AS valid, c.comment AS comment
        FROM ce_channel c JOIN ce_group g ON g.id = c.group_id
        """

    static func channelRecord(_ row: SQLRow) throws(StoreError) -> ChatChannel {
        ChatChannel(id: ChannelID(try row.int("id")), name: try row.text("name"), group: try row.text("group_name"),
            isValid: try row.int("valid") == 1, comment: try row.text("comment"))
    }

    public func addChannel(name: String, group: String, comment: String) async throws -> ChatChannel {
        let id = try await writeDirectory { sql in
            let groupID = try await Self.groupID(group, sql)
            return try await sql.execute("""
                INSERT INTO ce_channel (name, group_id, valid, comment, created_at) VALUES (?, ?, 1, ?, ?) RETURNING id
                """, .text(name), .int(groupID), .text(comment), .int(StoreClock.millis())).first?.int("id") ?? 0
        }
        return ChatChannel(id: ChannelID(id), name: name, group: group, isValid: true, comment: comment)
    }

    public func channels() async throws -> [ChatChannel] {
        try await database.read(Self.channelSelect + " ORDER BY c.name", []).map(Self.channelRecord)
    }

    public func channel(id: ChannelID) async throws -> ChatChannel? {
        try await database.read(Self.channelSelect + " WHERE c.id = ?", [.int(id.rawValue)]).first.map(Self.channelRecord)
    }

    public func channel(named name: String) async throws -> ChatChannel? {
        try await database.read(Self.channelSelect + " WHERE c.name = ?", [.text(name)]).first.map(Self.channelRecord)
    }

    public func updateChannel(_ channel: ChatChannel) async throws {
        try await writeDirectory { sql in
            let groupID = try await Self.groupID(channel.group, sql)
            let rows = try await sql.execute("""
                UPDATE ce_channel SET name = ?, group_id = ?, valid = ?, comment = ? WHERE id = ? RETURNING id
                """, .text(channel.name), .int(groupID), .int(channel.isValid ? 1 : 0), .text(channel.comment),
                .int(channel.id.rawValue))
            if rows.isEmpty { throw StoreError.notFound("channel \(channel.id.rawValue)") }
        }
    }

    public func deleteChannel(id: ChannelID) async throws {
        try await writeDirectory { sql in
            let chats = try await sql.execute("SELECT COUNT(*) AS n FROM ce_chat WHERE channel_id = ?", .int(id.rawValue))
            if try chats.first?.int("n") ?? 0 > 0 { throw StoreError.refused("the channel has chats and cannot be deleted") }
            let rows = try await sql.execute("DELETE FROM ce_channel WHERE id = ? RETURNING id", .int(id.rawValue))
            if rows.isEmpty { throw StoreError.notFound("channel \(id.rawValue)") }
        }
    }

    public func chatCount(inChannel channel: ChannelID) async throws -> Int {
        Int(try await database.read("SELECT COUNT(*) AS n FROM ce_chat WHERE channel_id = ?", [.int(channel.rawValue)])
            .first?.int("n") ?? 0)
    }

    /// An agent who never chose channels has every channel on whose group they hold `chat_owner` (directly
    /// or through a role) chosen for both, so a fresh install is staffed as soon as they go external. Found
    /// from the channel's side, so the cost follows the channel's staff, not the number of agents.
    public func externalAgents(choosing channel: ChannelID) async throws -> [AgentID] {
        let id = SQLValue.int(channel.rawValue)
        let ready = "a.availability = 'external' AND a.valid = 1"
        return try await database.read("""
            SELECT a.id AS id FROM ce_agent_channel ac JOIN ce_agent a ON a.id = ac.agent_id
                WHERE ac.channel_id = ? AND ac.scope = 'external' AND \(ready)
            UNION
            SELECT a.id AS id FROM ce_channel ch
                JOIN ce_agent_group ag ON ag.group_id = ch.group_id AND ag.permission IN ('chat_owner', 'rw')
                JOIN ce_agent a ON a.id = ag.agent_id
                WHERE ch.id = ? AND a.channels_chosen = 0 AND \(ready)
            UNION
            SELECT a.id AS id FROM ce_channel ch
                JOIN ce_role_group rg ON rg.group_id = ch.group_id AND rg.permission IN ('chat_owner', 'rw')
                JOIN ce_agent_role ar ON ar.role_id = rg.role_id JOIN ce_agent a ON a.id = ar.agent_id
                WHERE ch.id = ? AND a.channels_chosen = 0 AND \(ready)
            ORDER BY id
            """, [id, id, id]).map { row throws(StoreError) in AgentID(try row.int("id")) }
    }

    /// Not a directory change: agents switch often, and only through the server, which drops that one
    /// agent's cached context itself (moving the version would make every agent's context be read again).
    public func setAvailability(_ availability: ChatAvailability, for agent: AgentID) async throws {
        try await database.write { sql in
            try await sql.execute("UPDATE ce_agent SET availability = ? WHERE id = ?", .text(availability.rawValue), .int(agent.rawValue))
        }
    }

    public func setChannels(external: Set<ChannelID>, internal: Set<ChannelID>, for agent: AgentID) async throws {
        try await database.write { sql in
            try await sql.execute("DELETE FROM ce_agent_channel WHERE agent_id = ?", .int(agent.rawValue))
            try await sql.execute("UPDATE ce_agent SET channels_chosen = 1 WHERE id = ?", .int(agent.rawValue))
            for (scope, channels) in [("external", external), ("internal", `internal`)] {
                for channel in channels.sorted() {
                    try await sql.execute("INSERT INTO ce_agent_channel (agent_id, channel_id, scope) VALUES (?, ?, ?)",
                        .int(agent.rawValue), .int(channel.rawValue), .text(scope))
                }
            }
        }
    }

    public func channels(of agent: AgentID) async throws -> (external: Set<ChannelID>, internal: Set<ChannelID>) {
        let chosen = try await database.read("SELECT channels_chosen FROM ce_agent WHERE id = ?", [.int(agent.rawValue)])
            .first?.int("channels_chosen") ?? 0
        if chosen == 0 {
            // one query, not one per channel: with hundreds of channels this runs on every request-list refresh
            let owned = Set(try await database.read("""
                SELECT c.id AS id FROM ce_channel c JOIN ce_agent a ON a.id = ? WHERE c.valid = 1 AND (
                    EXISTS (SELECT 1 FROM ce_agent_group ag WHERE ag.agent_id = a.id AND ag.group_id = c.group_id
                        AND ag.permission = 'chat_owner')
                    OR EXISTS (SELECT 1 FROM ce_agent_role ar JOIN ce_role_group rg ON rg.role_id = ar.role_id
                        WHERE ar.agent_id = a.id AND rg.group_id = c.group_id AND rg.permission = 'chat_owner'))
                """, [.int(agent.rawValue)]).map { row throws(StoreError) in ChannelID(try row.int("id")) })
            return (owned, owned)
        }
        var external: Set<ChannelID> = []
        var `internal`: Set<ChannelID> = []
        for row in try await database.read("SELECT channel_id, scope FROM ce_agent_channel WHERE agent_id = ?", [.int(agent.rawValue)]) {
            let id = ChannelID(try row.int("channel_id"))
            if try row.text("scope") == "external" { external.insert(id) } else { `internal`.insert(id) }
        }
        return (external, `internal`)
    }
}
