import ChatCore
import ChatStore
import Logging
import PostgresNIO

/// The ticket system's PostgreSQL database, read-only: every connection is opened with
/// `default_transaction_read_only`, so even a role with write grants cannot change a row through it. Every
/// call has a time limit; the table layout is checked on first use.
public actor TicketSystemDatabase: TicketSystemReader {
    public nonisolated let config: TicketSystemConfig
    private let client: PostgresClient
    private let clientTask: Task<Void, Never>
    private let timeout: Duration
    private var layout: TicketSystemLayout?

    public typealias Failure = TicketSystemFailure
    public typealias AgentRow = TicketSystemAgentRow
    public typealias CustomerRow = TicketSystemCustomerRow

    public init(config: TicketSystemConfig, timeout: Duration, logger: Logger = Logger(label: "chatengine.ticket-system")) {
        self.config = config
        self.timeout = timeout
        let db = config.database
        var configuration = PostgresClient.Configuration(host: db.host, port: db.port, username: db.user,
            password: db.password.isEmpty ? nil : db.password, database: db.name, tls: .disable)
        configuration.options.maximumConnections = 4
        configuration.options.connectTimeout = timeout
        configuration.options.additionalStartupParameters = [("default_transaction_read_only", "on")]
        // every failed reconnect is logged at info level; ChatEngine reports an unreachable database itself
        var background = logger
        background.logLevel = .error
        client = PostgresClient(configuration: configuration, backgroundLogger: background)
        clientTask = Task { [client] in await client.run() }
    }

    deinit { clientTask.cancel() }

    public func close() { clientTask.cancel() }

    private var place: String { config.database.place }

    /// Runs a query within the time limit; a database that does not answer becomes `.unreachable`.
    private func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        let client = self.client
        let limit = timeout
        let place = self.place
        do {
            return try await withThrowingTaskGroup(of: [PostgresRow]?.self) { group in
                group.addTask {
                    var rows: [PostgresRow] = []
                    for try await row in try await client.query(query) { rows.append(row) }
                    return rows
                }
                group.addTask {
                    try await Task.sleep(for: limit)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let rows = first else {
                    throw Failure.unreachable("the ticket system's database at \(place) did not answer within \(limit)")
                }
                return rows
            }
        } catch let error as Failure {
            throw error
        } catch let error as PSQLError {
            throw Failure.unreachable("the ticket system's database at \(place): \(error.serverInfo?[.message] ?? "\(error.code)")")
        }
    }

    /// The layout, checked once: unknown tables or columns are a `.layout` failure naming them.
    public func checkLayout() async throws -> TicketSystemLayout {
        if let layout { return layout }
        var columns: [String: Set<String>] = [:]
        for row in try await rows("""
            SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = current_schema()
            """)
        {
            let (table, column) = try row.decode((String, String).self)
            columns[table, default: []].insert(column)
        }
        do {
            let found = try TicketSystemLayout.detect(columns: columns, customers: config.customerSource)
            layout = found
            return found
        } catch {
            throw Failure.layout(error.description)
        }
    }

    /// Only `valid` counts as valid, as Znuny counts it (the IDs whose name is `valid`).
    private static let valid = "(SELECT id FROM valid WHERE name = 'valid')"

    /// Agents, groups, roles and the permission keys chat uses, as the ticket system holds them now.
    public func snapshot() async throws -> DirectorySnapshot {
        let layout = try await checkLayout()
        let keys = GroupPermission.allCases.map(\.rawValue)
        func entries(_ table: String) async throws -> [DirectorySnapshot.Entry] {
            try await rows("SELECT id::text, name::text, valid_id IN \(unescaped: Self.valid) FROM \(unescaped: table) ORDER BY id")
                .map { row in
                    let (id, name, valid) = try row.decode((String, String, Bool).self)
                    return DirectorySnapshot.Entry(key: id, name: name, isValid: valid)
                }
        }
        let groups = try await entries(layout.groupsTable)
        let roles = try await entries("roles")
        let agents = try await rows("""
            SELECT u.id::text, u.login::text, u.first_name::text, u.last_name::text, COALESCE(p.preferences_value::text, ''),
                u.valid_id IN \(unescaped: Self.valid)
            FROM users u LEFT JOIN user_preferences p ON p.user_id = u.id AND p.preferences_key = 'UserEmail' ORDER BY u.id
            """).map { row in
            let (id, login, first, last, email, valid) = try row.decode((String, String, String, String, String, Bool).self)
            return DirectorySnapshot.Agent(key: id, login: login, firstName: first, lastName: last, email: email, isValid: valid)
        }
        let counted = layout.groupUserHasValue ? " AND permission_value = 1" : ""
        let agentGrants = try await rows("""
            SELECT user_id::text, group_id::text, permission_key::text FROM group_user
            WHERE permission_key = ANY(\(keys))\(unescaped: counted)
            """).compactMap(Self.grant)
        let roleGrants = try await rows("""
            SELECT role_id::text, group_id::text, permission_key::text FROM group_role
            WHERE permission_value = 1 AND permission_key = ANY(\(keys))
            """).compactMap(Self.grant)
        let memberships = try await rows("SELECT user_id::text, role_id::text FROM role_user").map { row in
            let (user, role) = try row.decode((String, String).self)
            return DirectorySnapshot.Membership(agent: user, role: role)
        }
        return DirectorySnapshot(groups: groups, roles: roles, agents: agents, agentGrants: Set(agentGrants),
            roleGrants: Set(roleGrants), memberships: Set(memberships))
    }

    public func queues() async throws -> [TicketSystemQueueRow] {
        let layout = try await checkLayout()
        return try await rows("""
            SELECT q.id::bigint, q.name::text, g.name::text, q.valid_id IN \(unescaped: Self.valid)
            FROM queue q JOIN \(unescaped: layout.groupsTable) g ON g.id = q.group_id ORDER BY q.id
            """).map { row in
            let (id, name, group, valid) = try row.decode((Int64, String, String, Bool).self)
            return TicketSystemQueueRow(id: id, name: name, group: group, isValid: valid)
        }
    }

    private static func grant(_ row: PostgresRow) throws -> DirectorySnapshot.Grant? {
        let (holder, group, key) = try row.decode((String, String, String).self)
        return GroupPermission(rawValue: key).map { DirectorySnapshot.Grant(holder: holder, group: group, permission: $0) }
    }

    /// A valid agent's row by exact login, as Znuny's Auth::DB selects it on PostgreSQL.
    public func agent(login: String) async throws -> AgentRow? {
        _ = try await checkLayout()
        guard let row = try await rows("""
            SELECT u.id::text, u.login::text, u.pw::text, COALESCE(p.preferences_value::text, '0') FROM users u
            LEFT JOIN user_preferences p ON p.user_id = u.id AND p.preferences_key = 'UserLoginFailed'
            WHERE u.login = \(login) AND u.valid_id IN \(unescaped: Self.valid)
            """).first
        else { return nil }
        let (key, storedLogin, pw, failed) = try row.decode((String, String, String, String).self)
        return AgentRow(key: key, login: storedLogin, storedPassword: pw, failedLogins: Int(failed) ?? 0)
    }

    /// The session with this ID, as its rows say now (nil when there are none): single sign-on and the
    /// check that a session bound to it still exists.
    public func session(id: String) async throws -> TicketSession? {
        guard TicketSession.isWellFormedID(id) else { return nil }
        var values: [String: String] = [:]
        for row in try await rows("""
            SELECT data_key::text, COALESCE(data_value::text, '') FROM sessions WHERE session_id = \(id)
                AND data_key IN ('UserID', 'UserLogin', 'UserType', 'UserRemoteAddr', 'UserSessionStart', 'UserLastRequest')
            ORDER BY id
            """)
        {
            let (key, value) = try row.decode((String, String).self)
            values[key] = value  // a key written twice: the highest ID wins, as Znuny reads it
        }
        guard !values.isEmpty else { return nil }
        return TicketSession(userID: values["UserID"] ?? "", login: values["UserLogin"] ?? "", userType: values["UserType"] ?? "",
            remoteAddress: values["UserRemoteAddr"] ?? "", sessionStart: Int64(values["UserSessionStart"] ?? "") ?? 0,
            lastRequest: Int64(values["UserLastRequest"] ?? "") ?? 0)
    }

    /// A customer user's row by exact login, whatever its validity (Znuny checks that after the password), with
    /// their `UserLanguage` (Znuny keys `customer_preferences` by the login).
    public func customer(login: String) async throws -> CustomerRow? {
        _ = try await checkLayout()
        let s = config.customerSource
        guard let row = try await rows("""
            SELECT c.\(unescaped: s.keyColumn)::text, c.\(unescaped: s.loginColumn)::text, COALESCE(c.\(unescaped: s.passwordColumn)::text, ''),
                c.\(unescaped: s.customerIDColumn)::text, COALESCE(c.\(unescaped: s.emailColumn)::text, ''),
                COALESCE(c.\(unescaped: s.firstNameColumn)::text, ''), COALESCE(c.\(unescaped: s.lastNameColumn)::text, ''),
                c.\(unescaped: s.validColumn) IN \(unescaped: Self.valid), COALESCE(cc.name::text, c.\(unescaped: s.customerIDColumn)::text),
                COALESCE((SELECT p.preferences_value::text FROM customer_preferences p WHERE p.user_id = c.\(unescaped: s.loginColumn)
                    AND p.preferences_key = 'UserLanguage' LIMIT 1), '')
            FROM \(unescaped: s.table) c LEFT JOIN customer_company cc ON cc.customer_id = c.\(unescaped: s.customerIDColumn)
            WHERE c.\(unescaped: s.loginColumn) = \(login)
            """).first
        else { return nil }
        let (key, storedLogin, pw, customerID, email, first, last, valid, company, language) =
            try row.decode((String, String, String, String, String, String, String, Bool, String, String).self)
        return CustomerRow(user: MirroredCustomerUser(key: key, login: storedLogin, customerID: customerID, companyName: company,
            email: email, firstName: first, lastName: last, isValid: valid), storedPassword: pw, language: language)
    }
}
