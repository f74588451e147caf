import ChatCore
import ChatStore
import Foundation

/// What a person changes for themselves (OTRS's AgentPreferences and CustomerPreferences): their password,
/// and for agents their chat channels, notification choices and time zone.
public struct Account: Sendable {
    let service: ChatService
    var store: any ChatStoreProtocol { service.store }
    var hasher: PasswordHasher { PasswordHasher(cost: service.settings.passwordHashCost) }

    public init(service: ChatService) {
        self.service = service
    }

    /// Whether passwords are ChatEngine's to change (not beside a ticket system, where they are changed there).
    public var managesPasswords: Bool { service.people.managesPeople }

    /// A new password for the agent, after the current one is confirmed. The session `keeping` (the one
    /// that asked, by its token) stays; every other session of the agent ends.
    public func changePassword(of agent: AgentID, current: String, new: String, keeping session: String?) async throws {
        try requirePasswords()
        guard let record = try await store.agent(id: agent) else { throw EngineError.notFound("agent \(agent.rawValue)") }
        guard case .accepted = try await service.people.authenticateAgent(login: record.login, password: current) else {
            throw DirectoryRuleError(field: "Current password", problem: "is wrong")
        }
        try DirectoryRules.checkPassword(new)
        try await store.setPassword(agent: agent, hash: await hasher.hash(new),
            keepingSession: session.map(Authenticator.digest))
    }

    public func changePassword(of customer: CustomerUserID, current: String, new: String, keeping session: String?)
        async throws
    {
        try requirePasswords()
        guard let record = try await store.customerUser(id: customer) else {
            throw EngineError.notFound("customer user \(customer.rawValue)")
        }
        guard case .accepted = try await service.people.authenticateCustomer(login: record.login, password: current) else {
            throw DirectoryRuleError(field: "Current password", problem: "is wrong")
        }
        try DirectoryRules.checkPassword(new)
        try await store.setPassword(customer: customer, hash: await hasher.hash(new),
            keepingSession: session.map(Authenticator.digest))
    }

    private func requirePasswords() throws {
        guard managesPasswords else {
            throw EngineError.refused("passwords are managed in \(service.people.name)")
        }
    }

    /// An agent's choices on their preferences screen.
    public struct Choices: Sendable, Equatable {
        public var sound: Bool
        public var notifications: Bool
        /// An IANA name ("Europe/Berlin"); nil: the browser's own.
        public var timeZone: String?
        /// The chat channels chosen for external chats ("my chat channels").
        public var channels: Set<ChannelID>

        public init(sound: Bool, notifications: Bool, timeZone: String?, channels: Set<ChannelID>) {
            self.sound = sound
            self.notifications = notifications
            self.timeZone = timeZone
            self.channels = channels
        }
    }

    /// The time zones an agent may choose (the system's IANA list).
    public static var timeZones: [String] { TimeZone.knownTimeZoneIdentifiers.sorted() }

    public func choices(of agent: AgentID) async throws -> Choices {
        let preferences = try await store.preferences(of: agent)
        let channels = try await service.channels(for: agent).filter(\.isChosen).map(\.channel.id)
        return Choices(sound: preferences.sound, notifications: preferences.notifications, timeZone: preferences.timeZone,
            channels: Set(channels))
    }

    /// Saves the agent's choices; a time zone must be one the system knows, a channel one they may work in.
    public func save(_ choices: Choices, for agent: AgentID) async throws {
        if let zone = choices.timeZone, TimeZone(identifier: zone) == nil || zone.count > 100 {
            throw DirectoryRuleError(field: "Time zone", problem: "is not a known time zone")
        }
        let allowed = Set(try await service.channels(for: agent).map(\.channel.id))
        if let stray = choices.channels.first(where: { !allowed.contains($0) }) {
            throw EngineError.refused("you may not work in chat channel \(stray.rawValue)")
        }
        try await store.setPreference(.sound, value: choices.sound ? "1" : "0", for: agent)
        try await store.setPreference(.notifications, value: choices.notifications ? "1" : "0", for: agent)
        try await store.setPreference(.timeZone, value: choices.timeZone ?? "", for: agent)
        try await service.chooseChannels(choices.channels, for: agent)
    }

    /// The chat page's sound switch: the same stored choice the preferences screen edits.
    public func setSound(_ on: Bool, for agent: AgentID) async throws {
        try await store.setPreference(.sound, value: on ? "1" : "0", for: agent)
    }
}
