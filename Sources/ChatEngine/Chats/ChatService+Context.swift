import ChatCore
import ChatStore
import Foundation

/// What the rules need to know about the people, channels and staffing.
extension ChatService {
    /// The chat as stored now.
    public func chat(_ id: ChatID) async throws -> Chat {
        guard let chat = try await store.chat(id: id) else {
            chatCache.remove(id)
            throw EngineError.notFound("chat \(id.rawValue)")
        }
        chatCache.put(chat)
        return chat
    }

    /// The chat as of at least `seq`: this node's copy after its own append, else read from the store.
    public func chat(_ id: ChatID, atLeast seq: Int64) async throws -> Chat {
        if let cached = chatCache.get(id), cached.lastSeq >= seq { return cached }
        return try await chat(id)
    }

    public func channel(_ id: ChannelID) async throws -> ChatChannel {
        guard let channel = try await store.channel(id: id) else { throw EngineError.notFound("channel \(id.rawValue)") }
        return channel
    }

    func channelOrDefault(_ id: ChannelID?) async throws -> ChatChannel {
        if let id { return try await channel(id) }
        return try await defaultChannel()
    }

    /// The channel named by `ChatEngine::DefaultChatChannel`, created (in `DefaultChatChannelGroup`) when missing.
    public func defaultChannel() async throws -> ChatChannel {
        let name = settings.defaultChatChannel
        if let channel = try await store.channel(named: name) { return channel }
        do {
            return try await store.addChannel(name: name, group: settings.defaultChatChannelGroup, comment: "")
        } catch StoreError.duplicate {
            guard let channel = try await store.channel(named: name) else { throw EngineError.notFound("channel \(name)") }
            return channel
        }
    }

    public func agentContext(_ id: AgentID) async throws -> AgentContext {
        if let cached = try await agentCache.get(id, directoryVersion: store.directoryVersion) { return cached }
        let generation = agentCache.generation
        guard let agent = try await store.agent(id: id), agent.isValid else { throw EngineError.notFound("agent \(id.rawValue)") }
        let context = AgentContext(id: id, permissions: try await people.permissions(of: id), availability: agent.availability)
        agentCache.put(context, readAt: generation)
        return context
    }

    func actor(for person: Person) async throws -> ChatActor {
        switch person {
        case .agent(let id): .agent(try await agentContext(id))
        case .customer(let id): .customer(id)
        case .visitor(let id): .visitor(id)
        }
    }

    public func presenceRule(forAgents: Bool) -> PresenceRule {
        let minutes = forAgents ? settings.agentOnlineThreshold : settings.customerOnlineThreshold
        return PresenceRule(onlineThreshold: TimeInterval(minutes * 60))
    }

    /// Whether an agent staffs the channel now (see `Staffing.isStaffed`).
    public func isStaffed(_ channel: ChatChannel) async throws -> Bool {
        let rule = presenceRule(forAgents: true)
        var states: [AgentChatState] = []
        for id in try await store.externalAgents(choosing: channel.id) {
            let context = try await agentContext(id)
            states.append(AgentChatState(agent: id, permissions: context.permissions, availability: context.availability,
                externalChannels: [channel.id],
                presence: presence.presence(of: .agent(id), availability: context.availability, rule: rule, now: now())))
        }
        return Staffing.isStaffed(channel, by: states, awayAgentsAreUnavailable: settings.awayAgentsAreUnavailable)
    }

    /// Sets an agent's switch; at login, `Ticket::Agent::UnavailableForExternalChatsOnLogin` puts it to internal.
    public func setAvailability(_ availability: ChatAvailability, for agent: AgentID) async throws {
        try await store.setAvailability(availability, for: agent)
        agentCache.remove(agent)
        try await sweepPresence(only: [.agent(agent)])
    }

    /// A person may no longer use ChatEngine (invalidated in the ticket system; their sessions are already
    /// gone): they go offline, and the live layer closes their sockets.
    func endAccess(_ person: Person) {
        if let agent = person.agentID { agentCache.remove(agent) }
        presence.loggedOut(person)
        accessEnded.publish(person)
    }

    public func agentLoggedIn(_ agent: AgentID) async throws {
        if settings.ticketChat.unavailableForExternalChatsOnLogin {
            try await setAvailability(.internal, for: agent)
        }
        presence.input(.agent(agent), at: now())  // logging in is the agent's own doing: active, not away
        try await sweepPresence(only: [.agent(agent)])
    }
}
