import ChatCore
import Foundation

/// Beside a ticket system, ChatEngine's agents, groups, roles and permission rows are a copy of the ticket
/// system's, brought up to date in one transaction. Rows are matched by the ticket system's key; a row
/// without a key (ChatEngine's own, from before the move) is taken over by the first ticket-system row with
/// its name or login, so chats keep their people. Rows the ticket system no longer has become invalid,
/// never deleted (chats refer to them).
extension SQLStore {
    public func applyDirectorySnapshot(_ snapshot: DirectorySnapshot) async throws -> DirectoryMirrorResult {
        try await database.write { sql in
            var changed = false
            let groups = try await Self.mirror(snapshot.groups.map { MirrorRow(key: $0.key, name: $0.name, isValid: $0.isValid) },
                into: .groups, sql, &changed)
            let roles = try await Self.mirror(snapshot.roles.map { MirrorRow(key: $0.key, name: $0.name, isValid: $0.isValid) },
                into: .roles, sql, &changed)
            let agents = try await Self.mirror(snapshot.agents.map {
                MirrorRow(key: $0.key, name: $0.login, isValid: $0.isValid,
                    extra: ["first_name": $0.firstName, "last_name": $0.lastName, "email": $0.email])
            }, into: .agents, sql, &changed)
            try await Self.replaceLinks("ce_agent_group", "agent_id", "group_id", permission: true,
                with: Set(snapshot.agentGrants.compactMap { grant in
                    guard let a = agents.ids[grant.holder], let g = groups.ids[grant.group] else { return nil }
                    return MirrorLink(a, g, grant.permission.rawValue)
                }), sql, &changed)
            try await Self.replaceLinks("ce_role_group", "role_id", "group_id", permission: true,
                with: Set(snapshot.roleGrants.compactMap { grant in
                    guard let r = roles.ids[grant.holder], let g = groups.ids[grant.group] else { return nil }
                    return MirrorLink(r, g, grant.permission.rawValue)
                }), sql, &changed)
            try await Self.replaceLinks("ce_agent_role", "agent_id", "role_id", permission: false,
                with: Set(snapshot.memberships.compactMap { membership in
                    guard let a = agents.ids[membership.agent], let r = roles.ids[membership.role] else { return nil }
                    return MirrorLink(a, r, "")
                }), sql, &changed)
            for agent in agents.invalidated {
                try await sql.execute("DELETE FROM ce_session WHERE user_kind = 'agent' AND user_id = ?", .int(agent))
            }
            if changed { try await sql.execute("UPDATE ce_directory_version SET version = version + 1 WHERE id = 1") }
            let version = try await sql.execute("SELECT version FROM ce_directory_version WHERE id = 1").first?.int("version") ?? 0
            return DirectoryMirrorResult(changed: changed, agentsLockedOut: agents.invalidated.map(AgentID.init), version: version)
        }
    }

    /// The agent copied from the ticket system's row with this key.
    public func agent(directoryKey key: String) async throws -> AgentRecord? {
        try await database.read("SELECT \(Self.agentColumns) FROM ce_agent WHERE directory_key = ?", [.text(key)])
            .first.map(Self.agentRecord)
    }

    /// Copies a customer user (and their company) from the ticket system, as they log in.
    public func mirrorCustomerUser(_ user: MirroredCustomerUser) async throws -> CustomerUserRecord {
        let id = try await database.write { sql in
            try await sql.execute("""
                INSERT INTO ce_customer_company (customer_id, name, created_at) VALUES (?, ?, ?)
                ON CONFLICT (customer_id) DO UPDATE SET name = excluded.name
                """, .text(user.customerID), .text(user.companyName), .int(StoreClock.millis()))
            var changed = false
            let rows = [MirrorRow(key: user.key, name: user.login, isValid: user.isValid, extra: [
                "customer_id": user.customerID, "email": user.email, "first_name": user.firstName, "last_name": user.lastName,
            ])]
            return try await Self.mirror(rows, into: .customerUsers, sql, &changed, onlyThese: true).ids[user.key] ?? 0
        }
        guard let record = try await customerUser(id: CustomerUserID(id)) else { throw StoreError.notFound("customer user") }
        return record
    }

    struct MirrorRow {
        var key: String
        var name: String
        var isValid: Bool
        var extra: [String: String] = [:]
    }

    struct MirrorLink: Hashable {
        var a: Int64, b: Int64, permission: String
        init(_ a: Int64, _ b: Int64, _ permission: String) {
            self.a = a
            self.b = b
            self.permission = permission
        }
    }

    /// A mirrored table: its name, the unique column the name goes to, the extra columns.
    struct MirrorTable {
        var table: String
        var nameColumn: String
        var extraColumns: [String]
        static let groups = MirrorTable(table: "ce_group", nameColumn: "name", extraColumns: [])
        static let roles = MirrorTable(table: "ce_role", nameColumn: "name", extraColumns: [])
        static let agents = MirrorTable(table: "ce_agent", nameColumn: "login", extraColumns: ["first_name", "last_name", "email"])
        static let customerUsers = MirrorTable(table: "ce_customer_user", nameColumn: "login",
            extraColumns: ["customer_id", "email", "first_name", "last_name"])
    }

    /// Brings `table` in line with `rows`; returns the local ID of every key and the rows that went from
    /// valid to invalid. Unless `onlyThese`, rows the snapshot lacks become invalid.
    static func mirror(_ rows: [MirrorRow], into t: MirrorTable, _ sql: any SQLExecutor, _ changed: inout Bool,
        onlyThese: Bool = false) async throws -> (ids: [String: Int64], invalidated: [Int64])
    {
        struct Existing { var id: Int64, key: String?, name: String, isValid: Bool, extra: [String: String] }
        let columns = (["id", "directory_key", t.nameColumn, "valid"] + t.extraColumns).joined(separator: ", ")
        var existing: [Existing] = []
        for row in try await sql.execute("SELECT \(columns) FROM \(t.table)") {
            var extra: [String: String] = [:]
            for column in t.extraColumns { extra[column] = try row.text(column) }
            existing.append(Existing(id: try row.int("id"), key: row.optionalText("directory_key"),
                name: try row.text(t.nameColumn), isValid: try row.int("valid") == 1, extra: extra))
        }
        // match: by key, else an unkeyed row with the same name
        var matchOf: [String: Int] = [:]
        var taken = Set<Int>()
        let byKey = Dictionary(existing.indices.compactMap { i in existing[i].key.map { ($0, i) } }, uniquingKeysWith: { a, _ in a })
        for row in rows { if let i = byKey[row.key] { matchOf[row.key] = i; taken.insert(i) } }
        let unkeyedByName = Dictionary(existing.indices.filter { existing[$0].key == nil }.map { (existing[$0].name, $0) },
            uniquingKeysWith: { a, _ in a })
        for row in rows where matchOf[row.key] == nil {
            if let i = unkeyedByName[row.name], !taken.contains(i) { matchOf[row.key] = i; taken.insert(i) }
        }
        // names are unique: first move every row out of the way whose name another row is about to take
        let wanted = Dictionary(rows.map { ($0.name, $0.key) }, uniquingKeysWith: { a, _ in a })
        for i in existing.indices {
            guard let key = wanted[existing[i].name] else { continue }
            if let mine = matchOf[key], mine == i { continue }
            let parked = "\(existing[i].name) #\(existing[i].id)"
            try await sql.execute("UPDATE \(t.table) SET \(t.nameColumn) = ? WHERE id = ?", .text(parked), .int(existing[i].id))
            existing[i].name = parked
            changed = true
        }
        var ids: [String: Int64] = [:]
        var invalidated: [Int64] = []
        for row in rows {
            let values = [row.name] + t.extraColumns.map { row.extra[$0] ?? "" }
            let valid: Int64 = row.isValid ? 1 : 0
            if let i = matchOf[row.key] {
                let old = existing[i]
                ids[row.key] = old.id
                let same = old.key == row.key && old.name == row.name && old.isValid == row.isValid
                    && t.extraColumns.allSatisfy { old.extra[$0] == row.extra[$0] ?? "" }
                if same { continue }
                let assignments = ([t.nameColumn] + t.extraColumns).map { "\($0) = ?" } + ["valid = ?", "directory_key = ?"]
                _ = try await sql.query("UPDATE \(t.table) SET \(assignments.joined(separator: ", ")) WHERE id = ?",
                    values.map(SQLValue.text) + [.int(valid), .text(row.key), .int(old.id)])
                if old.isValid && !row.isValid { invalidated.append(old.id) }
            } else {
                let names = [t.nameColumn] + t.extraColumns + ["valid", "directory_key", "created_at"]
                let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
                ids[row.key] = try await sql.query(
                    "INSERT INTO \(t.table) (\(names.joined(separator: ", "))) VALUES (\(marks)) RETURNING id",
                    values.map(SQLValue.text) + [.int(valid), .text(row.key), .int(StoreClock.millis())]).first?.int("id") ?? 0
            }
            changed = true
        }
        guard !onlyThese else { return (ids, invalidated) }
        for i in existing.indices where existing[i].isValid && !taken.contains(i) {
            try await sql.execute("UPDATE \(t.table) SET valid = 0 WHERE id = ?", .int(existing[i].id))
            invalidated.append(existing[i].id)
            changed = true
        }
        return (ids, invalidated)
    }

    /// Makes a link table hold exactly `wanted`.
    static func replaceLinks(_ table: String, _ a: String, _ b: String, permission: Bool, with wanted: Set<MirrorLink>,
        _ sql: any SQLExecutor, _ changed: inout Bool) async throws
    {
        let columns = permission ? "\(a), \(b), permission" : "\(a), \(b)"
        var existing = Set<MirrorLink>()
        for row in try await sql.execute("SELECT \(columns) FROM \(table)") {
            existing.insert(MirrorLink(try row.int(a), try row.int(b), permission ? try row.text("permission") : ""))
        }
        for link in existing.subtracting(wanted) {
            let match = permission ? " AND permission = ?" : ""
            _ = try await sql.query("DELETE FROM \(table) WHERE \(a) = ? AND \(b) = ?\(match)",
                [.int(link.a), .int(link.b)] + (permission ? [.text(link.permission)] : []))
            changed = true
        }
        for link in wanted.subtracting(existing) {
            let marks = permission ? "?, ?, ?" : "?, ?"
            _ = try await sql.query("INSERT INTO \(table) (\(columns)) VALUES (\(marks))",
                [.int(link.a), .int(link.b)] + (permission ? [.text(link.permission)] : []))
            changed = true
        }
    }
}
