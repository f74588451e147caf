import ChatCore
import ChatStore
import Foundation

/// What admins do to people, groups and channels (the command line now, AdminChatChannel later), with
/// the rules that protect the default channel and passwords hashed off the event loops.
public struct Administration: Sendable {
    public let service: ChatService
    public var store: any ChatStoreProtocol { service.store }
    var hasher: PasswordHasher { PasswordHasher(cost: service.settings.passwordHashCost) }

    public init(service: ChatService) {
        self.service = service
    }

    public func addAgent(login: String, firstName: String, lastName: String, email: String, password: String?) async throws
        -> AgentRecord
    {
        let hash: String? = if let password { await hasher.hash(password) } else { nil }
        return try await store.addAgent(NewAgent(login: login, firstName: firstName, lastName: lastName, email: email,
            passwordHash: hash))
    }

    public func setAgentPassword(login: String, password: String) async throws {
        try await store.setPassword(agentLogin: login, hash: await hasher.hash(password))
    }

    public func addCustomerUser(login: String, customerID: String, email: String, firstName: String, lastName: String,
        password: String?) async throws -> CustomerUserRecord
    {
        let hash: String? = if let password { await hasher.hash(password) } else { nil }
        return try await store.addCustomerUser(NewCustomerUser(login: login, customerID: customerID, email: email,
            firstName: firstName, lastName: lastName, passwordHash: hash))
    }

    public func agent(login: String) async throws -> AgentRecord {
        guard let agent = try await store.agent(login: login) else { throw StoreError.notFound("agent \(login)") }
        return agent
    }

    // MARK: channels

    public func addChannel(name: String, group: String, comment: String) async throws -> ChatChannel {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw StoreError.refused("a channel needs a name") }
        return try await store.addChannel(name: name, group: group, comment: comment)
    }

    /// Saves a changed channel; the default channel can be neither invalidated nor renamed.
    public func updateChannel(_ channel: ChatChannel) async throws {
        let defaultChannel = try await service.defaultChannel()
        if channel.id == defaultChannel.id {
            guard channel.isValid else {
                throw StoreError.refused("the default channel \(defaultChannel.name) cannot be invalidated")
            }
            guard channel.name == defaultChannel.name else {
                throw StoreError.refused("the default channel is named by ChatEngine::DefaultChatChannel and cannot be renamed here")
            }
        }
        try await store.updateChannel(channel)
    }

    /// Deletes a channel with no chats; never the default one.
    public func deleteChannel(_ id: ChannelID) async throws {
        let defaultChannel = try await service.defaultChannel()
        guard id != defaultChannel.id else {
            throw StoreError.refused("the default channel \(defaultChannel.name) cannot be deleted")
        }
        try await store.deleteChannel(id: id)
    }

    public func cleanUpChats() async throws -> Int {
        try await Retention.run(store: store, settings: service.settings, now: service.now())
    }
}
