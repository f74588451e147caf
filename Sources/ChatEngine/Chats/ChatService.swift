import ChatCore
import ChatStore
import Foundation
import SysConfig

/// Runs the chat domain: a command comes in, ChatCore decides, the store commits the events, and only
/// then does the bus tell subscribers (the chat, its new events). A command that raced another one (the
/// chat changed between reading and committing) is decided again on the fresh chat. The store is the
/// engine's own: nothing outside the engine reaches it.
public final class ChatService: Sendable {
    let store: any ChatStoreProtocol
    /// Where people, their passwords and permissions come from (ChatEngine's own tables or the ticket system's).
    public let people: any PeopleDirectory
    /// People whose access ended (invalidated in the ticket system): their open sockets must close.
    public let accessEnded = Broadcast<Person>()
    public let bus: ChatEventBus
    public let presence: PresenceBoard
    /// What each person's presence was last shown as; changes go to their open chats (`sweepPresence`).
    public let presenceWatch = PresenceWatch()
    let currentSettings: @Sendable () -> ChatEngineSettings
    public let now: @Sendable () -> Date
    /// Chats as this service last wrote or read them, to decide without a read; a stale one only costs a
    /// conflict and a fresh read, since the store checks every append against the log.
    let chatCache = ChatCache()
    /// Agents' permissions and availability: every command by an agent needs them, and they change rarely
    /// (changes elsewhere show within a second).
    let agentCache = AgentContextCache(checkEvery: .seconds(1))
    let nameCache = NameCache(lifetime: .seconds(60))
    /// The widget's availability answer and its polls per address (per node, see the type).
    let widgetPolls = WidgetPollGuard()
    /// Runs after a commit that closed a chat (the ticket flows append a linked chat's log then).
    let closeHook = CloseHook()
    /// Outbox work queued in the transaction of a close (a linked chat's log for its ticket).
    let closeWork = CloseWork()

    public init(store: any ChatStoreProtocol, settings: @escaping @Sendable () -> ChatEngineSettings,
        people: (any PeopleDirectory)? = nil, bus: ChatEventBus = ChatEventBus(), presence: PresenceBoard = PresenceBoard(),
        clock: @escaping @Sendable () -> Date = { Date() })
    {
        self.store = store
        self.people = people ?? EmbeddedDirectory(store: store, settings: settings)
        self.currentSettings = settings
        self.bus = bus
        self.presence = presence
        self.now = clock
    }

    public var settings: ChatEngineSettings { currentSettings() }
    public var policy: ChatPolicy { ChatPolicy(settings) }

    // MARK: starting chats

    /// A customer user's or visitor's generic request, into `channel` (when their interface lets them choose
    /// one) or the default channel. One waiting request per person: the store holds that as a constraint.
    /// With `ticket`, the chat is linked to that ticket from its start (`TicketChatRules.linked`).
    public func requestChat(by person: Person, channel channelID: ChannelID?, firstMessage: String?, commandID: String?,
        about ticket: TicketRef? = nil) async throws -> AppendResult
    {
        // Ticket::Customer::StartChatWOTicket: without it, a customer user's chat starts from a ticket
        if ticket == nil { try TicketChatRules.mayStartWithoutTicket(person, policy: TicketChatPolicy(settings.ticketChat)) }
        let channel = try await requestedChannel(channelID, by: person.isVisitor ? .visitor : .customer)
        let actor = try await actor(for: person)
        var kinds = try ChatRules.create(target: .channel, in: channel, channelStaffed: try await isStaffed(channel),
            by: actor, firstMessage: firstMessage, policy: policy)
        if let ticket { kinds = TicketChatRules.linked(kinds, to: ticket) }
        return try await record(store.createChat(actor: person, kinds: kinds, commandID: commandID, now: now()))
    }

    /// The channel asked for, when the requester's interface allows choosing (`AllowChatChannels`), else the default.
    func requestedChannel(_ id: ChannelID?, by requester: Requester) async throws -> ChatChannel {
        try await channelOrDefault(interfaceOptions(of: requester).allowChatChannels ? id : nil)
    }

    /// An agent's personal request to another agent or a customer user, in the default channel.
    public func startChat(by agent: AgentID, with partner: ChatPartner, firstMessage: String, commandID: String?,
        about ticket: TicketRef? = nil) async throws -> AppendResult
    {
        // Ticket::Agent::StartChatWOTicket: without it, an agent's chat starts from a ticket
        if ticket == nil { try TicketChatRules.mayStartWithoutTicket(.agent(agent), policy: TicketChatPolicy(settings.ticketChat)) }
        let target: ChatTarget
        switch partner {
        case .agent(let login):
            guard let other = try await store.agent(login: login), other.isValid else { throw ChatError.invalidTarget("no agent \(login)") }
            target = .agent(other.id)
        case .customer(let login):
            guard let customer = try await store.customerUser(login: login) else {
                throw ChatError.invalidTarget("no customer user \(login)")
            }
            target = .customer(customer.id)
        }
        let channel = try await channelOrDefault(nil)
        let targetAgent: AgentContext? = if case .agent(let id) = target { try await agentContext(id) } else { nil }
        var kinds = try ChatRules.create(target: target, in: channel, channelStaffed: try await isStaffed(channel),
            by: .agent(try await agentContext(agent)), targetAgent: targetAgent, firstMessage: firstMessage, policy: policy)
        if let ticket { kinds = TicketChatRules.linked(kinds, to: ticket) }
        return try await record(store.createChat(actor: .agent(agent), kinds: kinds, commandID: commandID, now: now()))
    }

    // MARK: commands on a chat

    public func accept(_ chat: ChatID, by person: Person, commandID: String? = nil) async throws -> AppendResult {
        try await perform(chat, by: person, commandID: commandID) { chat, actor in
            try ChatRules.accept(chat, in: try await self.channel(chat.channel), by: actor, policy: self.policy)
        }
    }

    /// Declines a request. An agent declining a general request they are not in only hides it from their own
    /// lists (stored with their preferences): another agent may still accept it.
    public func decline(_ chatID: ChatID, by person: Person, commandID: String? = nil) async throws -> AppendResult {
        if case .agent(let agent) = person {
            let chat = try await chat(chatID)
            guard try await mayRead(chat, viewer: person) else { throw ChatError.notInChat }
            if chat.target == .channel && chat.participant(person) == nil {
                try await store.dismissRequest(chatID, for: agent)
                return AppendResult(chat: chat, events: [], duplicateOf: nil)
            }
        }
        return try await perform(chatID, by: person, commandID: commandID) { chat, actor in try ChatRules.decline(chat, by: actor) }
    }

    /// A message, within the sender's rate (`ChatEngine::Messages::*PerSender`), checked against the sender's
    /// messages in the log as it is appended, so every node counts alike; a resend or a refusal costs nothing.
    public func postMessage(_ chat: ChatID, text: String, visibility: MessageVisibility = .everyone, by person: Person,
        commandID: String?) async throws -> AppendResult
    {
        let settings = settings
        let rate = SenderRate(burst: settings.messageBurstPerSender, perMinute: settings.messagesPerMinutePerSender)
        do {
            let result = try await perform(chat, by: person, commandID: commandID, senderRate: rate) { chat, actor in
                try ChatRules.postMessage(chat, text: text, visibility: visibility, by: actor, policy: self.policy)
            }
            // whoever just wrote is active (`record`): their chats show it now, not at the next sweep
            try? await sweepPresence(only: [person])
            return result
        } catch is SenderRateExceeded {
            throw ChatError.tooManyMessages
        }
    }

    public func invite(_ chat: ChatID, agent invitee: AgentID, by person: Person, commandID: String? = nil) async throws
        -> AppendResult
    {
        let inviteeContext = try await agentContext(invitee)
        return try await perform(chat, by: person, commandID: commandID) { chat, actor in
            try ChatRules.invite(chat, in: try await self.channel(chat.channel), invitee: inviteeContext, by: actor)
        }
    }

    public func join(_ chat: ChatID, as role: ParticipantRole, by agent: AgentID, commandID: String? = nil) async throws
        -> AppendResult
    {
        try await perform(chat, by: .agent(agent), commandID: commandID) { chat, actor in
            guard case .agent(let context) = actor else { throw ChatError.notPermitted("only agents join") }
            return try ChatRules.join(chat, in: try await self.channel(chat.channel), as: role, by: context)
        }
    }

    public func switchRole(_ chat: ChatID, to role: ParticipantRole, by agent: AgentID, commandID: String? = nil)
        async throws -> AppendResult
    {
        try await perform(chat, by: .agent(agent), commandID: commandID) { chat, actor in
            guard case .agent(let context) = actor else { throw ChatError.notPermitted("only agents switch roles") }
            return try ChatRules.switchRole(chat, in: try await self.channel(chat.channel), to: role, by: context)
        }
    }

    public func changeChannel(_ chat: ChatID, to target: ChannelID, by person: Person, commandID: String? = nil)
        async throws -> AppendResult
    {
        let targetChannel = try await channel(target)
        let staffed = try await isStaffed(targetChannel)
        return try await perform(chat, by: person, commandID: commandID) { chat, actor in
            try ChatRules.changeChannel(chat, from: try await self.channel(chat.channel), to: targetChannel,
                targetStaffed: staffed, by: actor)
        }
    }

    public func setMonitoring(_ chat: ChatID, to level: MonitoringLevel, by agent: AgentID, commandID: String? = nil)
        async throws -> AppendResult
    {
        try await perform(chat, by: .agent(agent), commandID: commandID) { chat, actor in
            guard case .agent(let context) = actor else { throw ChatError.notPermitted("only agents monitor") }
            return try ChatRules.setMonitoring(chat, to: level, by: context)
        }
    }

    /// An agent takes a role in the chat: switches between observer and participant when already in it,
    /// else joins with that role.
    public func takeRole(_ role: ParticipantRole, in chatID: ChatID, by agent: AgentID, commandID: String? = nil)
        async throws -> AppendResult
    {
        if try await chat(chatID).activeParticipant(.agent(agent)) != nil {
            return try await switchRole(chatID, to: role, by: agent, commandID: commandID)
        }
        return try await join(chatID, as: role, by: agent, commandID: commandID)
    }

    /// Leaving a chat one has already left, or that is closed, changes nothing and is no error (the page's
    /// "chat completed" after the agent closed it).
    public func leaveIfPresent(_ chatID: ChatID, by person: Person, commandID: String? = nil) async throws -> AppendResult {
        let chat = try await chat(chatID)
        guard chat.participant(person) != nil else { throw ChatError.notInChat }
        if chat.state == .closed || chat.activeParticipant(person) == nil {
            return AppendResult(chat: chat, events: [], duplicateOf: nil)
        }
        return try await leave(chatID, by: person, commandID: commandID)
    }

    public func leave(_ chat: ChatID, by person: Person, commandID: String? = nil) async throws -> AppendResult {
        try await perform(chat, by: person, commandID: commandID) { chat, actor in try ChatRules.leave(chat, by: actor) }
    }

    public func close(_ chat: ChatID, by person: Person, commandID: String? = nil) async throws -> AppendResult {
        try await perform(chat, by: person, commandID: commandID) { chat, actor in try ChatRules.close(chat, by: actor) }
    }

    /// Decide on the chat, append, and on a race decide again on the fresh chat. A resent command (its ID
    /// already in the log) returns the original sequence number instead of recording anything twice.
    func perform(_ chatID: ChatID, by person: Person, commandID: String?, senderRate: SenderRate? = nil,
        decide: @Sendable (Chat, ChatActor) async throws -> [ChatEventKind]) async throws -> AppendResult
    {
        let actor = try await actor(for: person)
        var cached = chatCache.get(chatID)
        for attempt in 0..<64 {
            let current: Chat
            if let cached {
                current = cached
            } else {
                current = try await chat(chatID)
            }
            let kinds: [ChatEventKind]
            do {
                kinds = try await decide(current, actor)
            } catch let refusal as ChatError {
                // the sender's own earlier command: a resend (another person's ID is never looked up)
                if let commandID, let seq = try await store.commandSeq(chat: chatID, commandID: commandID, sender: person) {
                    return AppendResult(chat: try await chat(chatID), events: [], duplicateOf: seq)
                }
                if cached != nil {
                    cached = nil  // the refusal may come from a stale copy: decide again on the stored chat
                    continue
                }
                throw refusal
            }
            do {
                let result = record(try await appendWithCloseWork(current, actor: person, kinds: kinds, commandID: commandID,
                    senderRate: senderRate))
                if current.state != .closed, result.chat.state == .closed, result.duplicateOf == nil, let hook = closeHook.get() {
                    await hook(result)
                }
                return result
            } catch StoreError.conflict {
                chatCache.remove(chatID)
                cached = nil
                // two writers on one chat in the same group commit: the other one won; step aside a
                // little (more each time) so the two do not collide again in the next batch
                if attempt > 0 { try await Task.sleep(for: .microseconds(Int.random(in: 200...1000) * min(attempt, 20))) }
            }
        }
        throw EngineError.conflict
    }

    /// Remembers the chat and tells the bus, after the commit.
    func record(_ result: AppendResult) -> AppendResult {
        chatCache.put(result.chat)
        // whoever just did something in a chat (a first request included) is active, before anyone renders it
        if result.duplicateOf == nil, let actor = result.events.first?.actor { presence.input(actor, at: now()) }
        if result.duplicateOf == nil, let last = result.events.last {
            bus.publish(ChatNotice(chat: last.chat, seq: last.seq, events: result.events))
        }
        return result
    }
}
