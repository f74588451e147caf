import ChatCore
import ChatStore
import MariaDBClient

/// The ticket system's MySQL/MariaDB database, read-only (every session `SET SESSION TRANSACTION READ ONLY`),
/// answering as Znuny does there: its `utf8mb3_general_ci` columns compare without case, accents and
/// trailing spaces, so logins and session IDs are looked up with a plain `=` (as Znuny's own SQL), and the
/// row's stored login is the canonical one. See fixtures/otrs/znuny7-live-mysql/DIFFERENCES.md.
public actor TicketSystemMariaDB: TicketSystemReader {
    public nonisolated let config: TicketSystemConfig
    private let pool: MariaDBPool
    private var layout: TicketSystemLayout?

    public init(config: TicketSystemConfig, timeout: Duration) {
        self.config = config
        let db = config.database
        let seconds = max(1, Int(timeout.components.seconds))
        pool = MariaDBPool(endpoint: MariaDBEndpoint(host: db.host, port: db.port, socket: db.socket, database: db.name,
            user: db.user, password: db.password, tls: db.tls, connectTimeout: seconds, readTimeout: seconds, readOnly: true),
            size: 4)
    }

    public func close() { pool.close() }

    /// Runs a query on a pool thread; any failure of the server or the connection becomes `.unreachable`.
    private func rows(_ sql: String, _ parameters: [MariaDBValue] = []) async throws -> [MariaDBRow] {
        do {
            return try await pool.withConnection { try $0.query(sql, parameters) }
        } catch {
            throw TicketSystemFailure.unreachable("the ticket system's database at \(config.database.place): \(error)")
        }
    }

    /// Znuny 7's MySQL tables are utf8mb3: a value with a character beyond U+FFFF can match no row, and the
    /// server would answer "Illegal mix of collations" instead; such a value is "not found" before any query.
    static func fitsUTF8MB3(_ value: String) -> Bool { value.unicodeScalars.allSatisfy { $0.value <= 0xFFFF } }

    public func checkLayout() async throws -> TicketSystemLayout {
        if let layout { return layout }
        var columns: [String: Set<String>] = [:]
        for row in try await rows("SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()") {
            columns[row.text(0), default: []].insert(row.text(1))
        }
        do {
            let found = try TicketSystemLayout.detect(columns: columns, customers: config.customerSource)
            layout = found
            return found
        } catch {
            throw TicketSystemFailure.layout(error.description)
        }
    }

    /// Only `valid` counts as valid, as Znuny counts it (the IDs whose name is `valid`).
    private static let valid = "(SELECT id FROM valid WHERE name = 'valid')"

    public func queues() async throws -> [TicketSystemQueueRow] {
        let layout = try await checkLayout()
        return try await rows("""
            SELECT q.id, q.name, g.name, q.valid_id IN \(Self.valid)
            FROM queue q JOIN \(layout.groupsTable) g ON g.id = q.group_id ORDER BY q.id
            """).map { row in
            TicketSystemQueueRow(id: Int64(row.text(0)) ?? 0, name: row.text(1), group: row.text(2), isValid: row.bool(3))
        }
    }

    public func snapshot() async throws -> DirectorySnapshot {
        let layout = try await checkLayout()
        func entries(_ table: String) async throws -> [DirectorySnapshot.Entry] {
            try await rows("SELECT id, name, valid_id IN \(Self.valid) FROM \(table) ORDER BY id").map { row in
                DirectorySnapshot.Entry(key: row.text(0), name: row.text(1), isValid: row.bool(2))
            }
        }
        let groups = try await entries(layout.groupsTable)
        let roles = try await entries("roles")
        // preferences_value is a LONGBLOB here: the e-mail arrives as bytes, decoded as UTF-8
        let agents = try await rows("""
            SELECT u.id, u.login, u.first_name, u.last_name, p.preferences_value, u.valid_id IN \(Self.valid)
            FROM users u LEFT JOIN user_preferences p ON p.user_id = u.id AND p.preferences_key = 'UserEmail' ORDER BY u.id
            """).map { row in
            DirectorySnapshot.Agent(key: row.text(0), login: row.text(1), firstName: row.text(2), lastName: row.text(3),
                email: row.text(4), isValid: row.bool(5))
        }
        let keys = GroupPermission.allCases.map { MariaDBValue.text($0.rawValue) }
        let placeholders = Array(repeating: "?", count: keys.count).joined(separator: ", ")
        let counted = layout.groupUserHasValue ? " AND permission_value = 1" : ""
        let agentGrants = try await rows("""
            SELECT user_id, group_id, permission_key FROM group_user WHERE permission_key IN (\(placeholders))\(counted)
            """, keys).compactMap(Self.grant)
        let roleGrants = try await rows("""
            SELECT role_id, group_id, permission_key FROM group_role WHERE permission_value = 1 AND permission_key IN (\(placeholders))
            """, keys).compactMap(Self.grant)
        let memberships = try await rows("SELECT user_id, role_id FROM role_user").map { row in
            DirectorySnapshot.Membership(agent: row.text(0), role: row.text(1))
        }
        return DirectorySnapshot(groups: groups, roles: roles, agents: agents, agentGrants: Set(agentGrants),
            roleGrants: Set(roleGrants), memberships: Set(memberships))
    }

    private static func grant(_ row: MariaDBRow) -> DirectorySnapshot.Grant? {
        GroupPermission(rawValue: row.text(2)).map { DirectorySnapshot.Grant(holder: row.text(0), group: row.text(1), permission: $0) }
    }

    /// As Znuny's Auth::DB on MySQL: `login = ?` finds `ZAdmin`, `zadmin ` and `zädmin` for `zadmin`; the
    /// row's own login is returned. (Never `pw = ?`: the hash columns compare without case too.)
    public func agent(login: String) async throws -> TicketSystemAgentRow? {
        _ = try await checkLayout()
        guard Self.fitsUTF8MB3(login) else { return nil }
        guard let row = try await rows("""
            SELECT u.id, u.login, u.pw, p.preferences_value FROM users u
            LEFT JOIN user_preferences p ON p.user_id = u.id AND p.preferences_key = 'UserLoginFailed'
            WHERE u.login = ? AND u.valid_id IN \(Self.valid)
            """, [.text(login)]).first
        else { return nil }
        return TicketSystemAgentRow(key: row.text(0), login: row.text(1), storedPassword: row.text(2),
            failedLogins: Int(row.text(3, "0")) ?? 0)
    }

    /// Session IDs compare without case here, and one session's keys may sit under two spellings of its ID
    /// (Znuny rewrites a few under the spelling a request sent): all rows are read with `=`, highest ID wins.
    public func session(id: String) async throws -> TicketSession? {
        guard TicketSession.isWellFormedID(id) else { return nil }
        var values: [String: String] = [:]
        for row in try await rows("""
            SELECT data_key, data_value FROM sessions WHERE session_id = ?
                AND data_key IN ('UserID', 'UserLogin', 'UserType', 'UserRemoteAddr', 'UserSessionStart', 'UserLastRequest')
            ORDER BY id
            """, [.text(id)])
        {
            values[row.text(0)] = row.text(1)
        }
        guard !values.isEmpty else { return nil }
        return TicketSession(userID: values["UserID"] ?? "", login: values["UserLogin"] ?? "", userType: values["UserType"] ?? "",
            remoteAddress: values["UserRemoteAddr"] ?? "", sessionStart: Int64(values["UserSessionStart"] ?? "") ?? 0,
            lastRequest: Int64(values["UserLastRequest"] ?? "") ?? 0)
    }

    public func customer(login: String) async throws -> TicketSystemCustomerRow? {
        _ = try await checkLayout()
        guard Self.fitsUTF8MB3(login) else { return nil }
        let s = config.customerSource
        // names from the ticket system's CustomerUser setting, checked to be plain identifiers when read
        func c(_ column: String) -> String { "c.`\(column)`" }
        guard let row = try await rows("""
            SELECT \(c(s.keyColumn)), \(c(s.loginColumn)), \(c(s.passwordColumn)), \(c(s.customerIDColumn)), \(c(s.emailColumn)),
                \(c(s.firstNameColumn)), \(c(s.lastNameColumn)), \(c(s.validColumn)) IN \(Self.valid), cc.name,
                (SELECT p.preferences_value FROM customer_preferences p WHERE p.user_id = \(c(s.loginColumn))
                    AND p.preferences_key = 'UserLanguage' LIMIT 1)
            FROM `\(s.table)` c LEFT JOIN customer_company cc ON cc.customer_id = \(c(s.customerIDColumn))
            WHERE \(c(s.loginColumn)) = ?
            """, [.text(login)]).first
        else { return nil }
        let customerID = row.text(3)
        return TicketSystemCustomerRow(user: MirroredCustomerUser(key: row.text(0), login: row.text(1), customerID: customerID,
            companyName: row.text(8, customerID), email: row.text(4), firstName: row.text(5), lastName: row.text(6),
            isValid: row.bool(7)), storedPassword: row.text(2), language: row.text(9))
    }
}
