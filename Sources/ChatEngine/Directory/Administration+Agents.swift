import ChatCore
import ChatStore

/// AdminUser: ChatEngine's own agents. An agent made invalid, or given a new password, loses every session
/// at once and their open pages are closed (`ChatService.endAccess`).
extension Administration {
    /// The agents whose login, name or e-mail contains `filter` (all when empty), by login.
    public func agentAccounts(filter: String = "") async throws -> [AgentAccount] {
        try requireOwnDirectory()
        let needle = filter.lowercased()
        return try await store.agents().map(AgentAccount.init).filter { agent in
            needle.isEmpty || [agent.login, agent.firstName, agent.lastName, agent.email]
                .contains { $0.lowercased().contains(needle) }
        }
    }

    public func agentAccount(_ id: AgentID) async throws -> AgentAccount {
        try requireOwnDirectory()
        guard let record = try await store.agent(id: id) else { throw EngineError.notFound("agent \(id.rawValue)") }
        return AgentAccount(record)
    }

    /// A new agent with a password (checked by `DirectoryRules`); valid or not as the form says.
    public func createAgent(_ form: AgentAccount, password: String) async throws -> AgentAccount {
        try requireOwnDirectory()
        try Self.check(form)
        try DirectoryRules.checkPassword(password)
        guard try await store.agent(login: form.login) == nil else {
            throw EngineError.duplicate("an agent with the login \(form.login)")
        }
        var created = AgentAccount(try await store.addAgent(NewAgent(login: form.login, firstName: form.firstName,
            lastName: form.lastName, email: form.email, passwordHash: await hasher.hash(password))))
        if !form.isValid {
            created.isValid = false
            try await save(created)
        }
        return created
    }

    /// Saves an agent's fields and, when given, a new password; `actor` (the admin) cannot invalidate
    /// themselves, which would lock them out. Invalidated or given a new password, the agent's sessions end
    /// and their pages close.
    public func updateAgent(_ form: AgentAccount, newPassword: String? = nil, by actor: AgentID) async throws {
        try requireOwnDirectory()
        try Self.check(form)
        if let newPassword { try DirectoryRules.checkPassword(newPassword) }
        guard let before = try await store.agent(id: form.id) else { throw EngineError.notFound("agent \(form.id.rawValue)") }
        if let other = try await store.agent(login: form.login), other.id != form.id {
            throw EngineError.duplicate("an agent with the login \(form.login)")
        }
        if form.id == actor && !form.isValid {
            throw EngineError.refused("you cannot invalidate your own account")
        }
        try await save(form)
        if let newPassword {
            try await store.setPassword(agent: form.id, hash: await hasher.hash(newPassword), keepingSession: nil)
        }
        if (before.isValid && !form.isValid) || newPassword != nil { service.endAccess(.agent(form.id)) }
    }

    static func check(_ form: AgentAccount) throws(DirectoryRuleError) {
        try DirectoryRules.checkLogin(form.login)
        try DirectoryRules.checkName("First name", form.firstName)
        try DirectoryRules.checkName("Last name", form.lastName)
        try DirectoryRules.checkEmail(form.email)
    }

    private func save(_ account: AgentAccount) async throws {
        try await store.updateAgent(account.id, login: account.login, firstName: account.firstName,
            lastName: account.lastName, email: account.email, isValid: account.isValid)
    }
}
