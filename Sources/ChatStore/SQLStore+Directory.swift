import ChatCore
import Foundation

extension SQLStore: DirectoryRepository {
    public func addGroup(_ name: String) async throws -> GroupRecord {
        try await writeDirectory { sql in
            let row = try await sql.execute("INSERT INTO ce_group (name, valid, created_at) VALUES (?, 1, ?) RETURNING id",
                .text(name), .int(StoreClock.millis())).first
            return GroupRecord(id: try row?.int("id") ?? 0, name: name)
        }
    }

    public func groups() async throws -> [GroupRecord] {
        try await database.read("SELECT id, name FROM ce_group ORDER BY name", []).map { row throws(StoreError) in
            GroupRecord(id: try row.int("id"), name: try row.text("name"))
        }
    }

    public func addAgent(_ agent: NewAgent) async throws -> AgentRecord {
        let id = try await writeDirectory { sql in
            try await sql.execute("""
                INSERT INTO ce_agent (login, first_name, last_name, email, password_hash, valid, availability, created_at)
                VALUES (?, ?, ?, ?, ?, 1, 'unavailable', ?) RETURNING id
                """, .text(agent.login), .text(agent.firstName), .text(agent.lastName), .text(agent.email),
                .optional(agent.passwordHash), .int(StoreClock.millis())).first?.int("id") ?? 0
        }
        guard let record = try await self.agent(id: AgentID(id)) else { throw StoreError.notFound("agent \(agent.login)") }
        return record
    }

    static let agentColumns = "id, login, first_name, last_name, email, password_hash, valid, availability"

    static func agentRecord(_ row: SQLRow) throws(StoreError) -> AgentRecord {
        AgentRecord(id: AgentID(try row.int("id")), login: try row.text("login"), firstName: try row.text("first_name"),
            lastName: try row.text("last_name"), email: try row.text("email"), passwordHash: row.optionalText("password_hash"),
            isValid: try row.int("valid") == 1,
            availability: ChatAvailability(rawValue: try row.text("availability")) ?? .unavailable)
    }

    public func agent(login: String) async throws -> AgentRecord? {
        try await database.read("SELECT \(Self.agentColumns) FROM ce_agent WHERE login = ?", [.text(login)])
            .first.map(Self.agentRecord)
    }

    public func agent(id: AgentID) async throws -> AgentRecord? {
        try await database.read("SELECT \(Self.agentColumns) FROM ce_agent WHERE id = ?", [.int(id.rawValue)])
            .first.map(Self.agentRecord)
    }

    public func agents() async throws -> [AgentRecord] {
        try await database.read("SELECT \(Self.agentColumns) FROM ce_agent ORDER BY login", []).map(Self.agentRecord)
    }

    public func setPassword(agentLogin: String, hash: String) async throws {
        try await writeDirectory { sql in
            let rows = try await sql.execute("UPDATE ce_agent SET password_hash = ? WHERE login = ? RETURNING id",
                .text(hash), .text(agentLogin))
            guard let id = rows.first else { throw StoreError.notFound("agent \(agentLogin)") }
            // a new password ends every session of the old one, in the same transaction
            try await sql.execute("DELETE FROM ce_session WHERE user_kind = 'agent' AND user_id = ?", .int(try id.int("id")))
        }
    }

    public func link(agent: AgentID, group: String, permission: GroupPermission) async throws {
        try await writeDirectory { sql in
            let groupID = try await Self.groupID(group, sql)
            try await sql.execute("""
                INSERT INTO ce_agent_group (agent_id, group_id, permission) VALUES (?, ?, ?) ON CONFLICT DO NOTHING
                """, .int(agent.rawValue), .int(groupID), .text(permission.rawValue))
        }
    }

    public func addRole(_ name: String) async throws -> RoleRecord {
        try await writeDirectory { sql in
            let row = try await sql.execute("INSERT INTO ce_role (name, valid, created_at) VALUES (?, 1, ?) RETURNING id",
                .text(name), .int(StoreClock.millis())).first
            return RoleRecord(id: try row?.int("id") ?? 0, name: name)
        }
    }

    public func link(role: String, group: String, permission: GroupPermission) async throws {
        try await writeDirectory { sql in
            let groupID = try await Self.groupID(group, sql)
            let roleID = try await Self.roleID(role, sql)
            try await sql.execute("""
                INSERT INTO ce_role_group (role_id, group_id, permission) VALUES (?, ?, ?) ON CONFLICT DO NOTHING
                """, .int(roleID), .int(groupID), .text(permission.rawValue))
        }
    }

    public func link(agent: AgentID, role: String) async throws {
        try await writeDirectory { sql in
            let roleID = try await Self.roleID(role, sql)
            try await sql.execute("INSERT INTO ce_agent_role (agent_id, role_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                .int(agent.rawValue), .int(roleID))
        }
    }

    static func groupID(_ name: String, _ sql: any SQLExecutor) async throws -> Int64 {
        guard let id = try await sql.execute("SELECT id FROM ce_group WHERE name = ?", .text(name)).first?.int("id") else {
            throw StoreError.notFound("group \(name)")
        }
        return id
    }

    static func roleID(_ name: String, _ sql: any SQLExecutor) async throws -> Int64 {
        guard let id = try await sql.execute("SELECT id FROM ce_role WHERE name = ?", .text(name)).first?.int("id") else {
            throw StoreError.notFound("role \(name)")
        }
        return id
    }

    public func permissions(of agent: AgentID) async throws -> AgentPermissions {
        let rows = try await database.read("""
            SELECT g.name AS group_name, ag.permission AS permission FROM ce_agent_group ag
                JOIN ce_group g ON g.id = ag.group_id WHERE ag.agent_id = ? AND g.valid = 1
            UNION
            SELECT g.name AS group_name, rg.permission AS permission FROM ce_agent_role ar
                JOIN ce_role r ON r.id = ar.role_id AND r.valid = 1
                JOIN ce_role_group rg ON rg.role_id = ar.role_id
                JOIN ce_group g ON g.id = rg.group_id WHERE ar.agent_id = ? AND g.valid = 1
            """, [.int(agent.rawValue), .int(agent.rawValue)])
        var groups: [String: Set<GroupPermission>] = [:]
        for row in rows {
            if let permission = GroupPermission(rawValue: try row.text("permission")) {
                groups[try row.text("group_name"), default: []].insert(permission)
            }
        }
        return AgentPermissions(groups)
    }

    public func addCustomerCompany(id: String, name: String) async throws {
        try await database.write { sql in
            try await sql.execute("INSERT INTO ce_customer_company (customer_id, name, created_at) VALUES (?, ?, ?)",
                .text(id), .text(name), .int(StoreClock.millis()))
        }
    }

    public func addCustomerUser(_ user: NewCustomerUser) async throws -> CustomerUserRecord {
        let id = try await database.write { sql in
            guard try await sql.execute("SELECT 1 AS x FROM ce_customer_company WHERE customer_id = ?", .text(user.customerID)).first != nil else {
                throw StoreError.notFound("customer company \(user.customerID)")
            }
            return try await sql.execute("""
                INSERT INTO ce_customer_user (login, customer_id, email, first_name, last_name, password_hash, valid, created_at)
                VALUES (?, ?, ?, ?, ?, ?, 1, ?) RETURNING id
                """, .text(user.login), .text(user.customerID), .text(user.email), .text(user.firstName),
                .text(user.lastName), .optional(user.passwordHash), .int(StoreClock.millis())).first?.int("id") ?? 0
        }
        guard let record = try await customerUser(id: CustomerUserID(id)) else { throw StoreError.notFound("customer user") }
        return record
    }

    static func customerRecord(_ row: SQLRow) throws(StoreError) -> CustomerUserRecord {
        CustomerUserRecord(id: CustomerUserID(try row.int("id")), login: try row.text("login"),
            customerID: try row.text("customer_id"), email: try row.text("email"), firstName: try row.text("first_name"),
            lastName: try row.text("last_name"), passwordHash: row.optionalText("password_hash"),
            isValid: try row.int("valid") == 1)
    }

    static let customerColumns = "id, login, customer_id, email, first_name, last_name, password_hash, valid"

    public func customerUser(login: String) async throws -> CustomerUserRecord? {
        try await database.read("SELECT \(Self.customerColumns) FROM ce_customer_user WHERE login = ?", [.text(login)])
            .first.map(Self.customerRecord)
    }

    public func customerUser(id: CustomerUserID) async throws -> CustomerUserRecord? {
        try await database.read("SELECT \(Self.customerColumns) FROM ce_customer_user WHERE id = ?", [.int(id.rawValue)])
            .first.map(Self.customerRecord)
    }

    public func addVisitor(id: VisitorID, tokenHash: String, name: String, now: Date) async throws {
        try await database.write { sql in
            try await sql.execute("INSERT INTO ce_visitor (id, token_hash, name, created_at, last_seen) VALUES (?, ?, ?, ?, ?)",
                .text(id.rawValue), .text(tokenHash), .text(name), .int(StoreClock.millis(now)), .int(StoreClock.millis(now)))
        }
    }

    public func visitor(tokenHash: String) async throws -> VisitorRecord? {
        try await database.read("SELECT id, name FROM ce_visitor WHERE token_hash = ?", [.text(tokenHash)]).first.map {
            row throws(StoreError) in VisitorRecord(id: VisitorID(try row.text("id")), name: try row.text("name"))
        }
    }

    public func visitor(id: VisitorID) async throws -> VisitorRecord? {
        try await database.read("SELECT id, name FROM ce_visitor WHERE id = ?", [.text(id.rawValue)]).first.map {
            row throws(StoreError) in VisitorRecord(id: VisitorID(try row.text("id")), name: try row.text("name"))
        }
    }

    public func visitorByFirstRequest(commandID: String, clientAddress: String, since: Date) async throws
        -> (visitor: VisitorID, chat: ChatID)?
    {
        guard let row = try await database.read("""
            SELECT v.id AS visitor, c.id AS chat FROM ce_visitor v
            JOIN ce_chat c ON c.requester_kind = 'visitor' AND c.requester_id = v.id AND c.create_command_id = v.first_command_id
            WHERE v.first_command_id = ? AND v.client_address = ? AND v.created_at >= ?
            """, [.text(commandID), .text(clientAddress), .int(StoreClock.millis(since))]).first
        else { return nil }
        return (VisitorID(try row.text("visitor")), ChatID(try row.int("chat")))
    }

    public func replaceVisitorToken(_ visitor: VisitorID, tokenHash: String) async throws {
        try await database.write { sql in
            try await sql.execute("UPDATE ce_visitor SET token_hash = ? WHERE id = ?", .text(tokenHash), .text(visitor.rawValue))
        }
    }
}
