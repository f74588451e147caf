import ChatCore
import ChatStore

/// OTRS's permission matrices: AdminUserGroup (agents × groups), AdminRoleGroup (roles × groups), each seen
/// from either side, and AdminRoleUser (agents ↔ roles). Saving a side replaces the keys of every line shown;
/// the directory version moves, so every server sees the new permissions within a second.
extension Administration {
    /// Who holds keys on groups: agents or roles.
    public enum Holder: Sendable { case agents, roles }

    /// The groups with the keys `holder` (an agent's or a role's ID) holds on each.
    public func matrix(of holder: Int64, _ kind: Holder) async throws -> [MatrixLine] {
        try requireOwnDirectory()
        let grants = try await store.grants(roles: kind == .roles, holder: holder, group: nil)
        return try await store.allGroups().map { group in
            MatrixLine(id: group.id, name: group.name, isValid: group.isValid,
                keys: Set(grants.filter { $0.group == group.id }.map(\.permission)))
        }
    }

    /// The agents (or roles) with the keys each holds on `group`.
    public func matrix(onGroup group: Int64, _ kind: Holder) async throws -> [MatrixLine] {
        try requireOwnDirectory()
        let grants = try await store.grants(roles: kind == .roles, holder: nil, group: group)
        let holders: [(id: Int64, name: String, isValid: Bool)] = switch kind {
        case .agents: try await store.agents().map { ($0.id.rawValue, "\($0.login) (\($0.fullName))", $0.isValid) }
        case .roles: try await store.roles().map { ($0.id, $0.name, $0.isValid) }
        }
        return holders.map { holder in
            MatrixLine(id: holder.id, name: holder.name, isValid: holder.isValid,
                keys: Set(grants.filter { $0.holder == holder.id }.map(\.permission)))
        }
    }

    /// Saves one side of a matrix: for each (holder, group) pair given, its whole set of keys. Only pairs
    /// whose keys changed are written.
    public func setMatrix(_ kind: Holder, _ cells: [(holder: Int64, group: Int64, keys: Set<GroupPermission>)]) async throws {
        try requireOwnDirectory()
        let groups = Set(try await store.allGroups().map(\.id))
        let holders: Set<Int64> = switch kind {
        case .agents: Set(try await store.agents().map(\.id.rawValue))
        case .roles: Set(try await store.roles().map(\.id))
        }
        let existing = try await store.grants(roles: kind == .roles, holder: nil, group: nil)
        for cell in cells {
            guard groups.contains(cell.group) else { throw EngineError.notFound("group \(cell.group)") }
            guard holders.contains(cell.holder) else {
                throw EngineError.notFound("\(kind == .roles ? "role" : "agent") \(cell.holder)")
            }
            let before = Set(existing.filter { $0.holder == cell.holder && $0.group == cell.group }.map(\.permission))
            if before != cell.keys {
                try await store.setGrants(roles: kind == .roles, holder: cell.holder, group: cell.group, cell.keys)
            }
        }
    }

    /// The roles, and whether `agent` has each.
    public func roles(of agent: AgentID) async throws -> [MembershipLine] {
        try requireOwnDirectory()
        let member = Set(try await store.memberships(agent: agent, role: nil).map(\.role))
        return try await store.roles().map {
            MembershipLine(id: $0.id, name: $0.name, isValid: $0.isValid, isMember: member.contains($0.id))
        }
    }

    /// The agents, and whether each has `role`.
    public func agents(inRole role: Int64) async throws -> [MembershipLine] {
        try requireOwnDirectory()
        let member = Set(try await store.memberships(agent: nil, role: role).map(\.agent))
        return try await store.agents().map {
            MembershipLine(id: $0.id.rawValue, name: "\($0.login) (\($0.fullName))", isValid: $0.isValid,
                isMember: member.contains($0.id))
        }
    }

    /// Saves agent–role links: each pair given is linked or unlinked as said.
    public func setMemberships(_ pairs: [(agent: AgentID, role: Int64, member: Bool)]) async throws {
        try requireOwnDirectory()
        let roles = Set(try await store.roles().map(\.id))
        let agents = Set(try await store.agents().map(\.id))
        let existing = try await store.memberships(agent: nil, role: nil)
        for pair in pairs {
            guard roles.contains(pair.role) else { throw EngineError.notFound("role \(pair.role)") }
            guard agents.contains(pair.agent) else { throw EngineError.notFound("agent \(pair.agent.rawValue)") }
            let linked = existing.contains { $0.agent == pair.agent && $0.role == pair.role }
            if linked != pair.member { try await store.setMembership(agent: pair.agent, role: pair.role, member: pair.member) }
        }
    }

    /// The valid groups of valid chat channels on which no valid agent holds `chat_owner` (or `rw`), directly
    /// or through a valid role: nobody can take those channels' chats (AdminChatChannel says so).
    public func groupsWithoutOwners() async throws -> Set<String> {
        var used = Set(try await store.channels().filter(\.isValid).map(\.group))
        guard !used.isEmpty else { return [] }
        for agent in try await store.agents() where agent.isValid {
            let permissions = try await service.agentContext(agent.id).permissions
            used = used.filter { permissions.chatLevel(onGroup: $0) != .owner }
            if used.isEmpty { break }
        }
        return used
    }
}
