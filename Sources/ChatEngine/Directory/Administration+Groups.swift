import ChatCore
import ChatStore

/// AdminGroup and AdminRole: names and validity. The group `admin` keeps its name and stays valid: the admin
/// screens' own registration needs it, and without it nobody could open them again.
extension Administration {
    static let adminGroup = "admin"

    public func groups() async throws -> [DirectoryEntry] {
        try requireOwnDirectory()
        return try await store.allGroups().map { DirectoryEntry(id: $0.id, name: $0.name, isValid: $0.isValid) }
    }

    public func group(_ id: Int64) async throws -> DirectoryEntry {
        guard let group = try await groups().first(where: { $0.id == id }) else { throw EngineError.notFound("group \(id)") }
        return group
    }

    public func addGroup(_ form: DirectoryEntry) async throws -> DirectoryEntry {
        try requireOwnDirectory()
        try DirectoryRules.checkGroupName("Name", form.name)
        guard try await !store.allGroups().contains(where: { $0.name == form.name }) else {
            throw EngineError.duplicate("a group named \(form.name)")
        }
        let added = try await store.addGroup(form.name)
        if !form.isValid { try await store.updateGroup(added.id, name: added.name, isValid: false) }
        return DirectoryEntry(id: added.id, name: added.name, isValid: form.isValid)
    }

    public func updateGroup(_ form: DirectoryEntry) async throws {
        try requireOwnDirectory()
        try DirectoryRules.checkGroupName("Name", form.name)
        let all = try await store.allGroups()
        guard let before = all.first(where: { $0.id == form.id }) else { throw EngineError.notFound("group \(form.id)") }
        if all.contains(where: { $0.name == form.name && $0.id != form.id }) {
            throw EngineError.duplicate("a group named \(form.name)")
        }
        if before.name == Self.adminGroup && (form.name != before.name || !form.isValid) {
            throw EngineError.refused("the group admin can be neither renamed nor invalidated: the admin screens need it")
        }
        try await store.updateGroup(form.id, name: form.name, isValid: form.isValid)
    }

    public func roles() async throws -> [DirectoryEntry] {
        try requireOwnDirectory()
        return try await store.roles().map { DirectoryEntry(id: $0.id, name: $0.name, isValid: $0.isValid) }
    }

    public func role(_ id: Int64) async throws -> DirectoryEntry {
        guard let role = try await roles().first(where: { $0.id == id }) else { throw EngineError.notFound("role \(id)") }
        return role
    }

    public func addRole(_ form: DirectoryEntry) async throws -> DirectoryEntry {
        try requireOwnDirectory()
        try DirectoryRules.checkGroupName("Name", form.name)
        guard try await !store.roles().contains(where: { $0.name == form.name }) else {
            throw EngineError.duplicate("a role named \(form.name)")
        }
        let added = try await store.addRole(form.name)
        if !form.isValid { try await store.updateRole(added.id, name: added.name, isValid: false) }
        return DirectoryEntry(id: added.id, name: added.name, isValid: form.isValid)
    }

    public func updateRole(_ form: DirectoryEntry) async throws {
        try requireOwnDirectory()
        try DirectoryRules.checkGroupName("Name", form.name)
        let all = try await store.roles()
        guard all.contains(where: { $0.id == form.id }) else { throw EngineError.notFound("role \(form.id)") }
        if all.contains(where: { $0.name == form.name && $0.id != form.id }) {
            throw EngineError.duplicate("a role named \(form.name)")
        }
        try await store.updateRole(form.id, name: form.name, isValid: form.isValid)
    }
}
