import ChatCore
import ChatStore
import Foundation

/// An agent as the screens show them (no password hash, no store record).
public struct AgentProfile: Sendable, Hashable {
    public var id: AgentID
    public var login: String
    public var fullName: String
    public var availability: ChatAvailability
}

/// A customer user as the screens show them.
public struct CustomerUserProfile: Sendable, Hashable {
    public var id: CustomerUserID
    public var login: String
    public var fullName: String
}

/// Who is who: the people lookups the screens need, answered from ChatEngine's own directory (later also
/// from the ticket system's, beside Znuny and OTRS).
public struct Directory: Sendable {
    let service: ChatService
    var store: any ChatStoreProtocol { service.store }

    public init(service: ChatService) {
        self.service = service
    }

    /// The valid agents, by login.
    public func agents() async throws -> [AgentProfile] {
        try await store.agents().filter(\.isValid).map(Self.profile)
    }

    /// A person's real name ("" when unknown), as the header and the chat lists show it.
    public func name(of person: Person) async throws -> String {
        switch person {
        case .agent(let id): try await store.agent(id: id)?.fullName ?? ""
        case .customer(let id): try await store.customerUser(id: id)?.fullName ?? ""
        case .visitor(let id): try await store.visitor(id: id)?.name ?? ""
        }
    }

    /// Customer users with a live tab within `ChatEngine::CustomerOnlineThreshold` (the people-online panel).
    /// The people-online panel: the valid agents and the customer users with a live tab (presence other than
    /// offline), with their presence, by login.
    public func peopleOnline() async throws
        -> (agents: [(profile: AgentProfile, presence: Presence)], customers: [(profile: CustomerUserProfile, presence: Presence)])
    {
        let rule = service.presenceRule(forAgents: false)
        let live = service.now().addingTimeInterval(-(2 * rule.heartbeatInterval + rule.grace))
        var agents: [(profile: AgentProfile, presence: Presence)] = []
        var customers: [(profile: CustomerUserProfile, presence: Presence)] = []
        for person in service.presence.people(heartbeatSince: live) {
            let presence = await service.currentPresence(of: person)
            guard presence != .offline else { continue }
            switch person {
            case .agent(let id):
                guard let agent = try await store.agent(id: id), agent.isValid else { continue }
                agents.append((Self.profile(agent), presence))
            case .customer(let id):
                guard let customer = try await store.customerUser(id: id) else { continue }
                customers.append((CustomerUserProfile(id: customer.id, login: customer.login, fullName: customer.fullName), presence))
            case .visitor:
                continue
            }
        }
        return (agents.sorted { $0.profile.login < $1.profile.login }, customers.sorted { $0.profile.login < $1.profile.login })
    }

    /// Agents who may be invited into the chat: valid, with a chat permission on its channel's group, not in it yet.
    public func invitableAgents(into chatID: ChatID, by viewer: Person) async throws -> [AgentProfile] {
        let chat = try await service.readableChat(chatID, by: viewer)
        let channel = try await service.channel(chat.channel)
        var agents: [AgentProfile] = []
        for agent in try await store.agents() where agent.isValid && chat.activeParticipant(.agent(agent.id)) == nil {
            guard try await service.agentContext(agent.id).permissions.chatLevel(onGroup: channel.group) != nil else { continue }
            agents.append(Self.profile(agent))
        }
        return agents
    }

    static func profile(_ agent: AgentRecord) -> AgentProfile {
        AgentProfile(id: agent.id, login: agent.login, fullName: agent.fullName, availability: agent.availability)
    }
}
