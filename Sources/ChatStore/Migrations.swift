import Foundation

/// Numbered schema changes, applied in order at start-up and by `chatengine migrate`. Every table is
/// named `ce_*`, which no OTRS, Znuny or OTOBO table is, so ChatEngine can share a PostgreSQL database
/// with the ticket system. Times are milliseconds since 1970 in BIGINT columns.
public enum Migrations {
    /// Each migration's statements; `{ID}` becomes the engine's auto-increment primary key.
    static let all: [[String]] = [
        // 1: people, permissions, channels, sessions, chats
        [
            "CREATE TABLE ce_group (id {ID}, name TEXT NOT NULL UNIQUE, valid BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL)",
            """
            CREATE TABLE ce_agent (id {ID}, login TEXT NOT NULL UNIQUE, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
                email TEXT NOT NULL, password_hash TEXT, valid BIGINT NOT NULL DEFAULT 1,
                availability TEXT NOT NULL DEFAULT 'unavailable', channels_chosen BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL)
            """,
            "CREATE TABLE ce_role (id {ID}, name TEXT NOT NULL UNIQUE, valid BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL)",
            """
            CREATE TABLE ce_agent_group (agent_id BIGINT NOT NULL REFERENCES ce_agent(id) ON DELETE CASCADE,
                group_id BIGINT NOT NULL REFERENCES ce_group(id) ON DELETE CASCADE, permission TEXT NOT NULL,
                PRIMARY KEY (agent_id, group_id, permission))
            """,
            """
            CREATE TABLE ce_role_group (role_id BIGINT NOT NULL REFERENCES ce_role(id) ON DELETE CASCADE,
                group_id BIGINT NOT NULL REFERENCES ce_group(id) ON DELETE CASCADE, permission TEXT NOT NULL,
                PRIMARY KEY (role_id, group_id, permission))
            """,
            """
            CREATE TABLE ce_agent_role (agent_id BIGINT NOT NULL REFERENCES ce_agent(id) ON DELETE CASCADE,
                role_id BIGINT NOT NULL REFERENCES ce_role(id) ON DELETE CASCADE, PRIMARY KEY (agent_id, role_id))
            """,
            "CREATE TABLE ce_customer_company (customer_id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at BIGINT NOT NULL)",
            """
            CREATE TABLE ce_customer_user (id {ID}, login TEXT NOT NULL UNIQUE,
                customer_id TEXT NOT NULL REFERENCES ce_customer_company(customer_id), email TEXT NOT NULL,
                first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '', password_hash TEXT,
                valid BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE ce_visitor (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
                created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL)
            """,
            """
            CREATE TABLE ce_session (token_hash TEXT PRIMARY KEY, user_kind TEXT NOT NULL, user_id BIGINT NOT NULL,
                challenge TEXT NOT NULL, created_at BIGINT NOT NULL, last_seen BIGINT NOT NULL, expires_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE ce_channel (id {ID}, name TEXT NOT NULL UNIQUE, group_id BIGINT NOT NULL REFERENCES ce_group(id),
                valid BIGINT NOT NULL DEFAULT 1, comment TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE ce_agent_channel (agent_id BIGINT NOT NULL REFERENCES ce_agent(id) ON DELETE CASCADE,
                channel_id BIGINT NOT NULL REFERENCES ce_channel(id) ON DELETE CASCADE, scope TEXT NOT NULL,
                PRIMARY KEY (agent_id, channel_id, scope))
            """,
            """
            CREATE TABLE ce_chat (id {ID}, channel_id BIGINT NOT NULL REFERENCES ce_channel(id), state TEXT NOT NULL,
                requester_kind TEXT NOT NULL, requester_id TEXT NOT NULL, target_kind TEXT NOT NULL, target_id TEXT,
                ticket_id BIGINT, created_at BIGINT NOT NULL, closed_at BIGINT, last_seq BIGINT NOT NULL,
                last_event_at BIGINT NOT NULL, create_command_id TEXT)
            """,
            "CREATE INDEX ce_chat_by_state ON ce_chat (state, channel_id)",
            "CREATE UNIQUE INDEX ce_chat_by_create_command ON ce_chat (requester_kind, requester_id, create_command_id)",
            """
            CREATE TABLE ce_chat_participant (chat_id BIGINT NOT NULL REFERENCES ce_chat(id) ON DELETE CASCADE,
                person_kind TEXT NOT NULL, person_id TEXT NOT NULL, role TEXT NOT NULL, state TEXT NOT NULL,
                monitoring TEXT NOT NULL, agent_number BIGINT, invited_by BIGINT, position BIGINT NOT NULL,
                PRIMARY KEY (chat_id, person_kind, person_id))
            """,
            "CREATE INDEX ce_chat_participant_by_person ON ce_chat_participant (person_kind, person_id, state)",
            """
            CREATE TABLE ce_chat_event (chat_id BIGINT NOT NULL REFERENCES ce_chat(id) ON DELETE CASCADE,
                seq BIGINT NOT NULL, at BIGINT NOT NULL, actor_kind TEXT NOT NULL, actor_id TEXT NOT NULL,
                kind TEXT NOT NULL, payload TEXT NOT NULL, command_id TEXT, PRIMARY KEY (chat_id, seq))
            """,
            "CREATE UNIQUE INDEX ce_chat_event_by_command ON ce_chat_event (chat_id, command_id)",
            // OTRS's initial groups
            "INSERT INTO ce_group (name, valid, created_at) VALUES ('admin', 1, 0)",
            "INSERT INTO ce_group (name, valid, created_at) VALUES ('users', 1, 0)",
        ],
        // 2: a counter every change to agents, roles, groups or channels moves on, so a server
        // can keep permissions cached and still see the command line's (or another node's) changes; and the
        // indexes that find a channel's agents from the channel's side (staffing with thousands of agents)
        [
            "CREATE TABLE ce_directory_version (id BIGINT PRIMARY KEY, version BIGINT NOT NULL)",
            "INSERT INTO ce_directory_version (id, version) VALUES (1, 0)",
            "CREATE INDEX ce_agent_channel_by_channel ON ce_agent_channel (channel_id, scope)",
            "CREATE INDEX ce_agent_group_by_group ON ce_agent_group (group_id, permission)",
            "CREATE INDEX ce_role_group_by_group ON ce_role_group (group_id, permission)",
            "CREATE INDEX ce_agent_role_by_role ON ce_agent_role (role_id)",
        ],
        // 3: agents' preferences and declined requests (kept in the database like OTRS's user preferences, not
        // in one server's memory); the first request of a visitor findable by its command ID (a resend gets
        // the same visitor and chat on any node); one waiting general request per customer user or visitor,
        // as a constraint two tabs cannot race past
        [
            """
            CREATE TABLE ce_agent_preference (agent_id BIGINT NOT NULL REFERENCES ce_agent(id) ON DELETE CASCADE,
                name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (agent_id, name))
            """,
            """
            CREATE TABLE ce_dismissed_request (agent_id BIGINT NOT NULL REFERENCES ce_agent(id) ON DELETE CASCADE,
                chat_id BIGINT NOT NULL REFERENCES ce_chat(id) ON DELETE CASCADE, PRIMARY KEY (agent_id, chat_id))
            """,
            "CREATE INDEX ce_dismissed_request_by_chat ON ce_dismissed_request (chat_id)",
            "ALTER TABLE ce_visitor ADD COLUMN first_command_id TEXT",
            "ALTER TABLE ce_visitor ADD COLUMN client_address TEXT",
            "CREATE INDEX ce_visitor_by_first_command ON ce_visitor (first_command_id)",
            """
            CREATE UNIQUE INDEX ce_chat_one_waiting_request ON ce_chat (requester_kind, requester_id)
                WHERE state = 'request' AND target_kind = 'channel' AND requester_kind IN ('customer', 'visitor')
            """,
        ],
        // 4: command IDs are the sender's own: two people's commands with the same ID are two commands,
        // and nobody finds another person's command (and its result) by sending its ID
        [
            "DROP INDEX ce_chat_event_by_command",
            "CREATE UNIQUE INDEX ce_chat_event_by_command ON ce_chat_event (chat_id, actor_kind, actor_id, command_id)",
        ],
        // 5: the closed-chat search reads message text only, case-folded for all of Unicode, from an index
        // (the tables differ between the engines: see `byDialect`)
        [],
        // 6: a person's closed chats are read newest first, the search tests them one by one for a common term
        // (MessageSearch); on SQLite the search rows are renumbered so that one chat's rows are a rowid range
        ["CREATE INDEX ce_chat_by_closed ON ce_chat (state, closed_at)"],
        // 7: beside a ticket system, agents, groups, roles and customer users are copies of its people; the
        // key says which of its rows a copy stands for (NULL: ChatEngine's own). ChatEngine's IDs stay, so
        // chats keep their people when an installation moves from its own directory to the ticket system's.
        [
            "ALTER TABLE ce_agent ADD COLUMN directory_key TEXT",
            "CREATE UNIQUE INDEX ce_agent_by_directory_key ON ce_agent (directory_key)",
            "ALTER TABLE ce_group ADD COLUMN directory_key TEXT",
            "CREATE UNIQUE INDEX ce_group_by_directory_key ON ce_group (directory_key)",
            "ALTER TABLE ce_role ADD COLUMN directory_key TEXT",
            "CREATE UNIQUE INDEX ce_role_by_directory_key ON ce_role (directory_key)",
            "ALTER TABLE ce_customer_user ADD COLUMN directory_key TEXT",
            "CREATE UNIQUE INDEX ce_customer_user_by_directory_key ON ce_customer_user (directory_key)",
        ],
        // 8: customer companies can be invalidated on the admin screen (AdminCustomerCompany), as in OTRS
        [
            "ALTER TABLE ce_customer_company ADD COLUMN valid BIGINT NOT NULL DEFAULT 1",
        ],
        // 9: a session made by single sign-on is bound to the ticket system's session: its ID (sealed with a key
        // from ChatEngine's own token, which only the browser holds, so the table alone gives nobody a usable
        // ID), the hard end (SessionMaxTime after that session began) and when it was last found still there
        [
            "ALTER TABLE ce_session ADD COLUMN ticket_session TEXT",
            "ALTER TABLE ce_session ADD COLUMN ends_at BIGINT",
            "ALTER TABLE ce_session ADD COLUMN checked_at BIGINT",
        ],
        // 10: ChatEngine's own ticket store (standalone, without a ticket system): queues with a group each,
        // OTRS's states and priorities, tickets with date-checksum numbers (a counter per day), articles with
        // their attachments (base64 text: both engines store only integers and text), and the idempotency
        // keys of completed ticket writes (a retry returns the first write's ticket)
        [
            "CREATE TABLE ce_ticket_state (id {ID}, name TEXT NOT NULL UNIQUE, type TEXT NOT NULL, valid BIGINT NOT NULL DEFAULT 1)",
            "CREATE TABLE ce_ticket_priority (id {ID}, name TEXT NOT NULL UNIQUE, valid BIGINT NOT NULL DEFAULT 1)",
            """
            CREATE TABLE ce_queue (id {ID}, name TEXT NOT NULL UNIQUE, group_id BIGINT NOT NULL REFERENCES ce_group(id),
                valid BIGINT NOT NULL DEFAULT 1, comment TEXT NOT NULL DEFAULT '', created_at BIGINT NOT NULL)
            """,
            "CREATE TABLE ce_ticket_number_counter (day TEXT PRIMARY KEY, counter BIGINT NOT NULL)",
            """
            CREATE TABLE ce_ticket (id {ID}, tn TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
                queue_id BIGINT NOT NULL REFERENCES ce_queue(id), state_id BIGINT NOT NULL REFERENCES ce_ticket_state(id),
                priority_id BIGINT NOT NULL REFERENCES ce_ticket_priority(id), customer_user_id TEXT NOT NULL DEFAULT '',
                customer_id TEXT NOT NULL DEFAULT '', owner_id BIGINT NOT NULL REFERENCES ce_agent(id),
                locked BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL, changed_at BIGINT NOT NULL)
            """,
            "CREATE INDEX ce_ticket_by_customer ON ce_ticket (customer_user_id, changed_at)",
            "CREATE INDEX ce_ticket_by_queue ON ce_ticket (queue_id, changed_at)",
            """
            CREATE TABLE ce_ticket_article (id {ID}, ticket_id BIGINT NOT NULL REFERENCES ce_ticket(id) ON DELETE CASCADE,
                sender_type TEXT NOT NULL, channel TEXT NOT NULL, visible_for_customer BIGINT NOT NULL,
                author_id BIGINT REFERENCES ce_agent(id), from_name TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,
                chat_id BIGINT, transcript TEXT, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX ce_ticket_article_by_ticket ON ce_ticket_article (ticket_id, id)",
            """
            CREATE TABLE ce_ticket_attachment (id {ID},
                article_id BIGINT NOT NULL REFERENCES ce_ticket_article(id) ON DELETE CASCADE, filename TEXT NOT NULL,
                content_type TEXT NOT NULL, size BIGINT NOT NULL, content_base64 TEXT NOT NULL)
            """,
            "CREATE INDEX ce_ticket_attachment_by_article ON ce_ticket_attachment (article_id)",
            """
            CREATE TABLE ce_ticket_write (idempotency_key TEXT PRIMARY KEY, ticket_id BIGINT NOT NULL REFERENCES ce_ticket(id),
                created_at BIGINT NOT NULL)
            """,
            // OTRS's initial states, priorities and queues (queues in the group `users`, as OTRS's are)
            "INSERT INTO ce_ticket_state (name, type) VALUES ('new', 'new')",
            "INSERT INTO ce_ticket_state (name, type) VALUES ('open', 'open')",
            "INSERT INTO ce_ticket_state (name, type) VALUES ('closed successful', 'closed')",
            "INSERT INTO ce_ticket_state (name, type) VALUES ('closed unsuccessful', 'closed')",
            "INSERT INTO ce_ticket_state (name, type) VALUES ('pending reminder', 'pending reminder')",
            "INSERT INTO ce_ticket_state (name, type) VALUES ('pending auto close+', 'pending auto')",
            "INSERT INTO ce_ticket_state (name, type) VALUES ('pending auto close-', 'pending auto')",
            "INSERT INTO ce_ticket_state (name, type) VALUES ('removed', 'removed')",
            "INSERT INTO ce_ticket_state (name, type) VALUES ('merged', 'merged')",
            "INSERT INTO ce_ticket_priority (name) VALUES ('1 very low')",
            "INSERT INTO ce_ticket_priority (name) VALUES ('2 low')",
            "INSERT INTO ce_ticket_priority (name) VALUES ('3 normal')",
            "INSERT INTO ce_ticket_priority (name) VALUES ('4 high')",
            "INSERT INTO ce_ticket_priority (name) VALUES ('5 very high')",
            "INSERT INTO ce_queue (name, group_id, comment, created_at) SELECT 'Raw', id, 'All default incoming tickets.', 0 FROM ce_group WHERE name = 'users'",
            "INSERT INTO ce_queue (name, group_id, comment, created_at) SELECT 'Junk', id, 'All junk tickets.', 0 FROM ce_group WHERE name = 'users'",
            "INSERT INTO ce_queue (name, group_id, comment, created_at) SELECT 'Misc', id, 'All misc tickets.', 0 FROM ce_group WHERE name = 'users'",
        ],
        // 11: the outbox: work that must happen after a commit and may fail (ticket articles, mail), retried
        // with backoff, claimed by one server process at a time until `claimed_until` (a dead process's items
        // are taken over after that); the idempotency key is unique, so the same work is never queued twice
        [
            """
            CREATE TABLE ce_outbox (id {ID}, kind TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE, payload TEXT NOT NULL,
                state TEXT NOT NULL, attempts BIGINT NOT NULL DEFAULT 0, next_attempt_at BIGINT NOT NULL, last_error TEXT,
                claimed_by TEXT, claimed_until BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, done_at BIGINT)
            """,
            "CREATE INDEX ce_outbox_due ON ce_outbox (state, next_attempt_at)",
        ],
        // transcripts by e-mail: a visitor's address for its chat (given once, at the start; gone with the chat),
        // and every request to mail a chat, counted for the limits per chat and per IP address (in the database,
        // so every node counts alike); a request's key is unique, so a resent request counts and queues once
        [
            """
            CREATE TABLE ce_chat_mail_address (chat_id BIGINT PRIMARY KEY REFERENCES ce_chat(id) ON DELETE CASCADE,
                address TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            """
            CREATE TABLE ce_mail_request (id {ID}, request_key TEXT NOT NULL UNIQUE, chat_id BIGINT NOT NULL,
                recipient TEXT NOT NULL, client_address TEXT, outbox_key TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
            "CREATE INDEX ce_mail_request_by_chat ON ce_mail_request (chat_id, recipient)",
            "CREATE INDEX ce_mail_request_by_client ON ce_mail_request (client_address, created_at)",
        ],
        // the website widget: the site a visitor's chat started on (their token is refused on any other) and the
        // free fields the host page passed (pdata/udata), kept with the visitor and the chat
        [
            """
            CREATE TABLE ce_visitor_widget (visitor_id TEXT PRIMARY KEY REFERENCES ce_visitor(id) ON DELETE CASCADE,
                chat_id BIGINT NOT NULL REFERENCES ce_chat(id) ON DELETE CASCADE, host_origin TEXT NOT NULL,
                fields TEXT NOT NULL, created_at BIGINT NOT NULL)
            """,
        ],
        // abuse protection: new chat requests counted per address, visitor or customer user (in the database, so
        // every node counts alike), and agents' blocks of visitors by visitor and address until they expire
        [
            "CREATE TABLE ce_request_hit (hit_key TEXT NOT NULL, at BIGINT NOT NULL)",
            "CREATE INDEX ce_request_hit_by_key ON ce_request_hit (hit_key, at)",
            """
            CREATE TABLE ce_visitor_block (id {ID}, visitor_id TEXT NOT NULL, client_address TEXT, chat_id BIGINT,
                blocked_by BIGINT NOT NULL, created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
            """,
            "CREATE INDEX ce_visitor_block_by_visitor ON ce_visitor_block (visitor_id, expires_at)",
            "CREATE INDEX ce_visitor_block_by_address ON ce_visitor_block (client_address, expires_at)",
        ],
        // the per-sender message limit counts the sender's messages in the log (SenderRateCheck), and failed
        // logins are counted per key in the database (every node counts alike)
        [
            "CREATE INDEX ce_chat_event_by_actor ON ce_chat_event (actor_kind, actor_id, kind, at)",
            "CREATE TABLE ce_login_failure (failure_key TEXT NOT NULL, attempt TEXT NOT NULL, at BIGINT NOT NULL)",
            "CREATE INDEX ce_login_failure_by_key ON ce_login_failure (failure_key, at)",
            "CREATE INDEX ce_login_failure_by_attempt ON ce_login_failure (attempt)",
        ],
        // customer users' preferences (UserLanguage, as OTRS's customer_preferences): chosen here with ChatEngine's
        // own directory, copied from the ticket system's at each login beside one
        [
            """
            CREATE TABLE ce_customer_preference (customer_user_id BIGINT NOT NULL REFERENCES ce_customer_user(id)
                ON DELETE CASCADE, name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (customer_user_id, name))
            """,
        ],
    ]

    /// Statements that differ between the engines, run after the common ones of the same migration.
    static let byDialect: [Int: [SQLDialect: [String]]] = [
        // 5: message text, case-folded, indexed by trigrams for the closed-chat search (MessageSearch)
        5: [
            .sqlite: [
                """
                CREATE VIRTUAL TABLE ce_message_search USING fts5(folded, chat_id UNINDEXED, seq UNINDEXED,
                    internal UNINDEXED, tokenize = 'trigram')
                """,
            ],
            .postgres: [
                // trusted since PostgreSQL 13: the database owner may create it
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                """
                CREATE TABLE ce_message_search (chat_id BIGINT NOT NULL, seq BIGINT NOT NULL, internal BIGINT NOT NULL,
                    folded TEXT NOT NULL, PRIMARY KEY (chat_id, seq))
                """,
                "CREATE INDEX ce_message_search_trigrams ON ce_message_search USING gin (folded gin_trgm_ops)",
            ],
        ],
    ]

    /// Work a migration does in Swift after its statements (filling a new table from the log).
    static let afterStatements: [Int: @Sendable (any SQLExecutor) async throws -> Void] = [
        5: { sql in try await MessageSearch.refill(sql) },
        6: { sql in if sql.dialect == .sqlite { try await MessageSearch.refill(sql) } },
    ]

    public static var latestVersion: Int { all.count }

    static func statement(_ sql: String, for dialect: SQLDialect) -> String {
        let id = switch dialect {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        }
        return sql.replacingOccurrences(of: "{ID}", with: id)
    }

    /// Applies what is missing, each migration in its own transaction; returns the versions applied.
    @discardableResult
    public static func migrate(_ database: any SQLDatabase) async throws -> [Int] {
        let dialect = database.dialect
        // an up-to-date database (every opener after the first: a second node, the CLI) needs no write lock
        if let rows = try? await database.read("SELECT version FROM ce_schema_version", []),
            Set(rows.compactMap { $0.optionalInt("version") }).isSuperset(of: (1...latestVersion).map(Int64.init))
        {
            return []
        }
        return try await database.write { sql in
            try await sql.execute("CREATE TABLE IF NOT EXISTS ce_schema_version (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)")
            let done = Set(try await sql.execute("SELECT version FROM ce_schema_version").map { try $0.int("version") })
            var applied: [Int] = []
            for (index, statements) in all.enumerated() where !done.contains(Int64(index + 1)) {
                for statement in statements + (byDialect[index + 1]?[dialect] ?? []) {
                    try await sql.execute(Self.statement(statement, for: dialect))
                }
                try await afterStatements[index + 1]?(sql)
                try await sql.execute("INSERT INTO ce_schema_version (version, applied_at) VALUES (?, ?)",
                    .int(Int64(index + 1)), .int(StoreClock.millis()))
                applied.append(index + 1)
            }
            return applied
        }
    }
}
