import ChatCore
import Foundation

extension SQLStore: PreferenceRepository {
    public func preferences(of agent: AgentID) async throws -> AgentPreferences {
        let stored = try await database.read("SELECT name, value FROM ce_agent_preference WHERE agent_id = ?",
            [.int(agent.rawValue)])
        let dismissed = try await database.read("SELECT chat_id FROM ce_dismissed_request WHERE agent_id = ?",
            [.int(agent.rawValue)])
        var pairs: [String: String] = [:]
        for row in stored { pairs[try row.text("name")] = try row.text("value") }
        return AgentPreferences(stored: pairs,
            dismissed: Set(try dismissed.map { row throws(StoreError) in ChatID(try row.int("chat_id")) }))
    }

    public func setPreference(_ name: AgentPreferences.Name, value: String, for agent: AgentID) async throws {
        try await database.write { sql in
            try await sql.execute("""
                INSERT INTO ce_agent_preference (agent_id, name, value) VALUES (?, ?, ?)
                ON CONFLICT (agent_id, name) DO UPDATE SET value = excluded.value
                """, .int(agent.rawValue), .text(name.rawValue), .text(value))
        }
    }

    public func dismissRequest(_ chat: ChatID, for agent: AgentID) async throws {
        try await database.write { sql in
            try await sql.execute("INSERT INTO ce_dismissed_request (agent_id, chat_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                .int(agent.rawValue), .int(chat.rawValue))
        }
    }
}
