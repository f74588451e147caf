/// The closed-chat search by the requester's name (customer user, visitor or agent who asked for the chat).
/// Names are compared by the database's LOWER (on SQLite, ASCII letters only).
enum RequesterName {
    /// The requester's name as `LOWER(…) LIKE ?`, on `c` joined with `joins`.
    static func contains(_ search: String) -> (sql: String, binds: [SQLValue]) {
        ("""
            LOWER(COALESCE(cu.first_name || ' ' || cu.last_name || ' ' || cu.login, v.name,
                a.first_name || ' ' || a.last_name, '')) LIKE ? ESCAPE '\\'
            """, [pattern(search)])
    }

    /// The requester's row joined to the chat `c`. On SQLite the chat's text column is cast to the ID's
    /// type, so that the primary key finds the row (casting the ID instead reads the whole table per chat);
    /// PostgreSQL refuses casting a visitor's ID to a number, and joins on the text form.
    static func joins(_ dialect: SQLDialect) -> String {
        let (customer, agent) = switch dialect {
        case .sqlite: ("cu.id = CAST(c.requester_id AS INTEGER)", "a.id = CAST(c.requester_id AS INTEGER)")
        case .postgres: ("CAST(cu.id AS TEXT) = c.requester_id", "CAST(a.id AS TEXT) = c.requester_id")
        }
        return """
             LEFT JOIN ce_customer_user cu ON c.requester_kind = 'customer' AND \(customer)
             LEFT JOIN ce_visitor v ON c.requester_kind = 'visitor' AND v.id = c.requester_id
             LEFT JOIN ce_agent a ON c.requester_kind = 'agent' AND \(agent)
            """
    }

    /// Every chat whose requester's name contains the term, as `chat_id`: read from the people's side, which
    /// holds far fewer rows than the chats.
    static func chats(_ search: String) -> (sql: String, binds: [SQLValue]) {
        ("""
        SELECT c2.id AS chat_id FROM ce_customer_user cu JOIN ce_chat c2
            ON c2.requester_kind = 'customer' AND c2.requester_id = CAST(cu.id AS TEXT)
            WHERE LOWER(cu.first_name || ' ' || cu.last_name || ' ' || cu.login) LIKE ? ESCAPE '\\'
        UNION SELECT c2.id FROM ce_visitor v JOIN ce_chat c2 ON c2.requester_kind = 'visitor' AND c2.requester_id = v.id
            WHERE LOWER(v.name) LIKE ? ESCAPE '\\'
        UNION SELECT c2.id FROM ce_agent a JOIN ce_chat c2
            ON c2.requester_kind = 'agent' AND c2.requester_id = CAST(a.id AS TEXT)
            WHERE LOWER(a.first_name || ' ' || a.last_name) LIKE ? ESCAPE '\\'
        """, Array(repeating: pattern(search), count: 3))
    }

    private static func pattern(_ search: String) -> SQLValue {
        .text("%" + SQLStore.likeLiteral(search.lowercased()) + "%")
    }
}
