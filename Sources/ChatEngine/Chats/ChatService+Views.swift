import ChatCore
import ChatStore
import Foundation
import SysConfig

/// What people see: an agent's request lists, active and closed chats, and every viewer's catch-up read.
extension ChatService {
    /// Requests waiting for `agent`: generic ones in channels where they may accept (all such channels, or
    /// only those they chose for external chats, as their stored filter says) except those they declined,
    /// personal ones addressed to them, and invitations.
    public func requests(for agent: AgentID) async throws -> [Chat] {
        let context = try await agentContext(agent)
        let preferences = try await store.preferences(of: agent)
        let channels = Dictionary(uniqueKeysWithValues: try await store.channels().map { ($0.id, $0) })
        let mine = preferences.requestFilter == .mine ? try await store.channels(of: agent).external : []
        let waiting = try await store.chats(in: .request).filter { chat in
            if chat.target == .agent(agent) { return true }
            guard chat.target == .channel, !preferences.dismissed.contains(chat.id), let channel = channels[chat.channel]
            else { return false }
            guard context.permissions.chatLevel(onGroup: channel.group) == .owner else { return false }
            // "Mine" with nothing chosen is every channel, as the agent's channel list shows it
            return preferences.requestFilter == .all || mine.isEmpty || mine.contains(channel.id)
        }
        let invitations = try await store.openChats(of: .agent(agent)).filter {
            $0.state == .active && $0.participant(.agent(agent))?.state == .invited
        }
        return waiting + invitations
    }

    /// The agent's active chats (and their own outgoing requests), in their own chat order or else
    /// `ChatEngine::ChatOrder`'s.
    public func activeChats(for agent: AgentID) async throws -> [Chat] {
        let chats = try await store.openChats(of: .agent(agent)).filter { $0.activeParticipant(.agent(agent)) != nil }
        return try await chatOrder(of: agent) == .prepend ? chats.reversed() : chats
    }

    /// Chats `person` is in (active or invited) that are not closed, oldest first: whose events their tabs receive.
    public func openChats(of person: Person) async throws -> [Chat] {
        try await store.openChats(of: person)
    }

    /// A customer user's or visitor's own chats, open and closed, newest first.
    public func chatOverview(for person: Person) async throws -> [Chat] {
        let open = try await store.openChats(of: person)
        let closed = try await store.closedChats(of: person, search: nil, limit: 50)
        return (open + closed).sorted { $0.createdAt > $1.createdAt }
    }

    /// Agents' requests waiting for a customer user's (or visitor's) answer.
    public func invitations(for person: Person) async throws -> [Chat] {
        try await store.openChats(of: person).filter { $0.state == .request && $0.participant(person)?.state == .invited }
    }

    public func closedChats(for person: Person, search: String? = nil, limit: Int = 50) async throws -> [Chat] {
        try await store.closedChats(of: person, search: search, limit: limit)
    }

    /// Whether `viewer` may read the chat: everyone who is or was in it, and agents who may accept its
    /// request (`chat_owner` on its channel's group, as the request lists show it). Observers and
    /// participants come in only when invited, as in OTRS.
    public func mayRead(_ chat: Chat, viewer: Person) async throws -> Bool {
        if chat.participant(viewer) != nil { return true }
        guard case .agent(let agent) = viewer, chat.state == .request, chat.target == .channel else { return false }
        let channel = try await channel(chat.channel)
        return try await agentContext(agent).permissions.chatLevel(onGroup: channel.group) == .owner
    }

    /// The chat, when `viewer` may read it; a missing chat and someone else's get the same answer, so chat
    /// IDs cannot be probed.
    public func readableChat(_ chatID: ChatID, by viewer: Person) async throws -> Chat {
        guard let chat = try? await chat(chatID), try await mayRead(chat, viewer: viewer) else { throw ChatError.notInChat }
        return chat
    }

    /// The events after `seq` that `viewer` may see, rendered for them (system lines in `language` for customers
    /// and visitors): how every client catches up.
    public func catchUp(_ chatID: ChatID, after seq: Int64, for viewer: Person, limit: Int = 100,
        language: ChatLanguage = .english) async throws -> [RenderedEvent]
    {
        let chat = try await readableChat(chatID, by: viewer)
        let events = try await store.events(of: chatID, after: seq, limit: limit)
        let naming = try await naming(for: chat, language: language)
        return events.compactMap { ChatView.render($0, in: chat, for: viewer, naming: naming) }
    }

    /// A chat and its events after `seq` as `viewer` may see them (a preview, a history, a page's catch-up).
    public func history(_ chatID: ChatID, after seq: Int64, for viewer: Person, limit: Int,
        language: ChatLanguage = .english) async throws -> (chat: Chat, events: [RenderedEvent])
    {
        let chat = try await readableChat(chatID, by: viewer)
        return (chat, try await catchUp(chatID, after: seq, for: viewer, limit: limit, language: language))
    }

    /// Real names of everyone in the chat and the channel names, with the `DefaultAgentName` settings, and the
    /// language customers and visitors read system lines in.
    public func naming(for chat: Chat, language: ChatLanguage = .english) async throws -> ChatNaming {
        var names: [Person: String] = [:]
        for person in Set(chat.participants.map(\.person) + [chat.requester]) {
            names[person] = try await nameCache.name(of: person) {
                switch person {
                case .agent(let id): try await store.agent(id: id)?.fullName
                case .customer(let id): try await store.customerUser(id: id)?.fullName
                case .visitor(let id): try await store.visitor(id: id)?.name
                }
            }
        }
        let channels = try await nameCache.channelNames(needed: [chat.channel]) {
            Dictionary(uniqueKeysWithValues: try await store.channels().map { ($0.id, $0.name) })
        }
        return ChatNaming(realNames: names, channelNames: channels, defaultAgentName: settings.defaultAgentName,
            numberAgents: settings.defaultAgentNameNumbers, language: language)
    }
}

extension ChatService {
    /// The stored events of a chat the caller has already been allowed to read (the live feed checks
    /// `mayRead` once per chat and renders per viewer itself).
    public func catchUpRaw(_ chat: Chat, after seq: Int64, limit: Int) async throws -> [ChatEvent] {
        try await store.events(of: chat.id, after: seq, limit: limit)
    }
}
