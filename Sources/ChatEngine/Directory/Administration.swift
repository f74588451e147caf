import ChatCore
import ChatStore
import Foundation

/// What admins do to people, groups and channels (the command line now, AdminChatChannel later), with
/// the rules that protect the default channel and passwords hashed off the event loops.
public struct Administration: Sendable {
    public let service: ChatService
    var store: any ChatStoreProtocol { service.store }
    var hasher: PasswordHasher { PasswordHasher(cost: service.settings.passwordHashCost) }

    public init(service: ChatService) {
        self.service = service
    }

    /// Beside a ticket system its people are managed there; ChatEngine only reads them.
    func requireOwnDirectory() throws {
        guard service.people.managesPeople else {
            throw EngineError.refused("people come from \(service.people.name); manage them there")
        }
    }

    public func addAgent(login: String, firstName: String, lastName: String, email: String, password: String?) async throws
        -> AgentRecord
    {
        try requireOwnDirectory()
        let hash: String? = if let password { await hasher.hash(password) } else { nil }
        return try await store.addAgent(NewAgent(login: login, firstName: firstName, lastName: lastName, email: email,
            passwordHash: hash))
    }

    public func setAgentPassword(login: String, password: String) async throws {
        try requireOwnDirectory()
        try await store.setPassword(agentLogin: login, hash: await hasher.hash(password))
    }

    public func addCustomerUser(login: String, customerID: String, email: String, firstName: String, lastName: String,
        password: String?) async throws -> CustomerUserRecord
    {
        try requireOwnDirectory()
        let hash: String? = if let password { await hasher.hash(password) } else { nil }
        return try await store.addCustomerUser(NewCustomerUser(login: login, customerID: customerID, email: email,
            firstName: firstName, lastName: lastName, passwordHash: hash))
    }

    public func agent(login: String) async throws -> AgentRecord {
        guard let agent = try await store.agent(login: login) else { throw EngineError.notFound("agent \(login)") }
        return agent
    }

    // MARK: channels

    public func channel(_ id: ChannelID) async throws -> ChatChannel? {
        try await store.channel(id: id)
    }

    /// Every channel with its number of chats, for the admin screen; `hasOwners` is false when no valid agent
    /// holds `chat_owner` (or `rw`) on its group, so nobody can take its chats.
    public func channelOverview() async throws -> [(channel: ChatChannel, chats: Int, isDefault: Bool, hasOwners: Bool)] {
        let defaultChannel = try await service.defaultChannel()
        let unowned = try await groupsWithoutOwners()
        var rows: [(channel: ChatChannel, chats: Int, isDefault: Bool, hasOwners: Bool)] = []
        for channel in try await store.channels() {
            rows.append((channel, try await store.chatCount(inChannel: channel.id), channel.id == defaultChannel.id,
                !unowned.contains(channel.group)))
        }
        return rows
    }

    /// The valid groups a channel may be bound to (beside a ticket system: its groups).
    public func groupNames() async throws -> [String] {
        try await store.allGroups().filter(\.isValid).map(\.name)
    }

    /// Adds a channel (invalid from the start when `isValid` is false) bound to an existing group.
    public func addChannel(name: String, group: String, comment: String, isValid: Bool = true) async throws -> ChatChannel {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw EngineError.refused("a channel needs a name") }
        try await requireGroup(group)
        var channel = try await store.addChannel(name: name, group: group, comment: comment)
        if !isValid {
            channel.isValid = false
            try await updateChannel(channel)
        }
        return channel
    }

    private func requireGroup(_ group: String) async throws {
        guard try await store.groups().contains(where: { $0.name == group }) else {
            throw EngineError.refused("unknown group \(group)")
        }
    }

    /// Saves a changed channel; the default channel can be neither invalidated nor renamed.
    public func updateChannel(_ channel: ChatChannel) async throws {
        var channel = channel
        channel.name = channel.name.trimmingCharacters(in: .whitespaces)
        guard !channel.name.isEmpty else { throw EngineError.refused("a channel needs a name") }
        try await requireGroup(channel.group)
        let defaultChannel = try await service.defaultChannel()
        if channel.id == defaultChannel.id {
            guard channel.isValid else {
                throw EngineError.refused("the default channel \(defaultChannel.name) cannot be invalidated")
            }
            guard channel.name == defaultChannel.name else {
                throw EngineError.refused("the default channel is named by ChatEngine::DefaultChatChannel and cannot be renamed here")
            }
        }
        try await store.updateChannel(channel)
    }

    /// Deletes a channel with no chats; never the default one.
    public func deleteChannel(_ id: ChannelID) async throws {
        let defaultChannel = try await service.defaultChannel()
        guard id != defaultChannel.id else {
            throw EngineError.refused("the default channel \(defaultChannel.name) cannot be deleted")
        }
        try await store.deleteChannel(id: id)
    }

    public func cleanUpChats() async throws -> Int {
        try await Retention.run(store: store, settings: service.settings, now: service.now())
    }
}
