import ChatCore
import Foundation

/// The admin screens' changes to agents, groups, roles and the permission matrix (see `AdministrationRepository`).
extension SQLStore: AdministrationRepository {
    public func updateAgent(_ id: AgentID, login: String, firstName: String, lastName: String, email: String, isValid: Bool)
        async throws
    {
        try await writeDirectory { sql in
            let rows = try await sql.execute("""
                UPDATE ce_agent SET login = ?, first_name = ?, last_name = ?, email = ?, valid = ? WHERE id = ? RETURNING id
                """, .text(login), .text(firstName), .text(lastName), .text(email),
                .int(isValid ? 1 : 0), .int(id.rawValue))
            guard !rows.isEmpty else { throw StoreError.notFound("agent \(id.rawValue)") }
            if !isValid {
                try await Self.endSessions(kind: "agent", id: id.rawValue, keeping: nil, sql)
            }
        }
    }

    public func setPassword(agent: AgentID, hash: String, keepingSession: String?) async throws {
        try await writeDirectory { sql in
            let rows = try await sql.execute("UPDATE ce_agent SET password_hash = ? WHERE id = ? RETURNING id",
                .text(hash), .int(agent.rawValue))
            guard !rows.isEmpty else { throw StoreError.notFound("agent \(agent.rawValue)") }
            try await Self.endSessions(kind: "agent", id: agent.rawValue, keeping: keepingSession, sql)
        }
    }

    /// Deletes a person's sessions (but the one kept), inside the caller's transaction.
    static func endSessions(kind: String, id: Int64, keeping: String?, _ sql: any SQLExecutor) async throws {
        if let keeping {
            try await sql.execute("DELETE FROM ce_session WHERE user_kind = ? AND user_id = ? AND token_hash <> ?",
                .text(kind), .int(id), .text(keeping))
        } else {
            try await sql.execute("DELETE FROM ce_session WHERE user_kind = ? AND user_id = ?", .text(kind), .int(id))
        }
    }

    public func allGroups() async throws -> [GroupRecord] {
        try await database.read("SELECT id, name, valid FROM ce_group ORDER BY name", []).map { row throws(StoreError) in
            GroupRecord(id: try row.int("id"), name: try row.text("name"), isValid: try row.int("valid") == 1)
        }
    }

    public func updateGroup(_ id: Int64, name: String, isValid: Bool) async throws {
        try await writeDirectory { sql in
            let rows = try await sql.execute("UPDATE ce_group SET name = ?, valid = ? WHERE id = ? RETURNING id",
                .text(name), .int(isValid ? 1 : 0), .int(id))
            guard !rows.isEmpty else { throw StoreError.notFound("group \(id)") }
        }
    }

    public func roles() async throws -> [RoleRecord] {
        try await database.read("SELECT id, name, valid FROM ce_role ORDER BY name", []).map { row throws(StoreError) in
            RoleRecord(id: try row.int("id"), name: try row.text("name"), isValid: try row.int("valid") == 1)
        }
    }

    public func updateRole(_ id: Int64, name: String, isValid: Bool) async throws {
        try await writeDirectory { sql in
            let rows = try await sql.execute("UPDATE ce_role SET name = ?, valid = ? WHERE id = ? RETURNING id",
                .text(name), .int(isValid ? 1 : 0), .int(id))
            guard !rows.isEmpty else { throw StoreError.notFound("role \(id)") }
        }
    }

    /// The matrix tables: agents' grants or roles' grants.
    private static func grantTable(roles: Bool) -> (table: String, holder: String) {
        roles ? ("ce_role_group", "role_id") : ("ce_agent_group", "agent_id")
    }

    public func grants(roles: Bool, holder: Int64?, group: Int64?) async throws -> [PermissionGrant] {
        let (table, holderColumn) = Self.grantTable(roles: roles)
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if let holder { conditions.append("\(holderColumn) = ?"); binds.append(.int(holder)) }
        if let group { conditions.append("group_id = ?"); binds.append(.int(group)) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try await database.read("SELECT \(holderColumn) AS holder, group_id, permission FROM \(table)\(filter)", binds)
            .compactMap { row throws(StoreError) in
                guard let permission = GroupPermission(rawValue: try row.text("permission")) else { return nil }
                return PermissionGrant(holder: try row.int("holder"), group: try row.int("group_id"), permission: permission)
            }
    }

    public func setGrants(roles: Bool, holder: Int64, group: Int64, _ permissions: Set<GroupPermission>) async throws {
        let (table, holderColumn) = Self.grantTable(roles: roles)
        try await writeDirectory { sql in
            try await sql.execute("DELETE FROM \(table) WHERE \(holderColumn) = ? AND group_id = ?", .int(holder), .int(group))
            for permission in permissions.sorted(by: { $0.rawValue < $1.rawValue }) {
                try await sql.execute("INSERT INTO \(table) (\(holderColumn), group_id, permission) VALUES (?, ?, ?)",
                    .int(holder), .int(group), .text(permission.rawValue))
            }
        }
    }

    public func memberships(agent: AgentID?, role: Int64?) async throws -> [(agent: AgentID, role: Int64)] {
        var conditions: [String] = []
        var binds: [SQLValue] = []
        if let agent { conditions.append("agent_id = ?"); binds.append(.int(agent.rawValue)) }
        if let role { conditions.append("role_id = ?"); binds.append(.int(role)) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try await database.read("SELECT agent_id, role_id FROM ce_agent_role\(filter)", binds).map {
            row throws(StoreError) in (AgentID(try row.int("agent_id")), try row.int("role_id"))
        }
    }

    public func setMembership(agent: AgentID, role: Int64, member: Bool) async throws {
        try await writeDirectory { sql in
            if member {
                try await sql.execute("INSERT INTO ce_agent_role (agent_id, role_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    .int(agent.rawValue), .int(role))
            } else {
                try await sql.execute("DELETE FROM ce_agent_role WHERE agent_id = ? AND role_id = ?",
                    .int(agent.rawValue), .int(role))
            }
        }
    }

    /// `LOWER(column) LIKE ?` with `%`, `_` and `\` of the search taken literally.
    static func containsPattern(_ search: String) -> String {
        let escaped = search.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
        return "%\(escaped)%"
    }
}
