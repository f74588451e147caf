import Foundation

/// Building a transcript from a chat's log with the chat screens' own rules (`ChatView`), so a kept transcript
/// never shows a viewer more than the chat showed them.
extension Transcript {
    /// The transcript of `chat` as `audience` may see it.
    ///
    /// - `.customer`: what the customer user or visitor saw: no internal messages, observers or invitations;
    ///   agents under `naming.defaultAgentName` (numbered when `naming.numberAgents`) when it is set.
    /// - `.agent`: everything, with real names; internal messages have `isInternal`.
    ///
    /// Monitoring changes are left out for both: they are an agent's own notification setting, not part of the
    /// conversation. `events` is the chat's log (other chats' events are ignored; order is by `seq`). The
    /// transcript starts at the chat's creation and ends at its `closedAt` (nil while it is open).
    public static func build(chat: Chat, events: [ChatEvent], audience: Audience, naming: ChatNaming) -> Transcript {
        let viewer = audience.viewer(of: chat)
        let log = events.filter { $0.chat == chat.id && !isMonitoring($0.kind) }.sorted { $0.seq < $1.seq }
        var entries: [Entry] = []
        var participants: [String] = []
        for event in log {
            guard let rendered = ChatView.render(event, in: chat, for: viewer, naming: naming) else { continue }
            entries.append(Entry(at: rendered.at, kind: rendered.kind == .message ? .message : .system,
                author: rendered.author, text: rendered.text, isInternal: rendered.isInternal))
            if takesPart(event.kind) {
                let name = participantName(event.actor, in: chat, viewer: viewer, naming: naming)
                if !participants.contains(name) { participants.append(name) }
            }
        }
        let channel = naming.channelNames[chat.channel] ?? chat.channel.description
        return Transcript(chat: chat.id, audience: audience, channel: channel, participants: participants,
            startedAt: chat.createdAt, endedAt: chat.closedAt, entries: entries)
    }

    private static func isMonitoring(_ kind: ChatEventKind) -> Bool {
        if case .monitoringChanged = kind { return true }
        return false
    }

    /// Whether the event's actor is in the chat by it (asking, writing, joining); inviting, declining or
    /// closing alone does not make someone a participant.
    private static func takesPart(_ kind: ChatEventKind) -> Bool {
        switch kind {
        case .created, .message, .accepted, .joined, .roleChanged: true
        default: false
        }
    }

    /// The participant as the audience is shown them; agents see who only watched, marked as observer.
    private static func participantName(_ person: Person, in chat: Chat, viewer: Person, naming: ChatNaming) -> String {
        let name = ChatView.name(of: person, in: chat, for: viewer, naming: naming)
        guard viewer.isAgent, chat.participant(person)?.role == .observer else { return name }
        return "\(name) (observer)"
    }
}

extension Transcript.Audience {
    /// Someone who sees the chat as this audience does. `ChatView`'s rules depend only on which side the viewer
    /// is on, so the chat's own customer side stands for the customer audience (a neutral visitor when there is
    /// none, as in a chat between agents), and the chat's first agent for the agent audience.
    func viewer(of chat: Chat) -> Person {
        switch self {
        case .customer:
            let customerSide = [chat.requester, chat.target.person].compactMap { $0 }.first { !$0.isAgent }
            return customerSide ?? .visitor(VisitorID(""))
        case .agent:
            return chat.participants.first { $0.person.isAgent }?.person ?? .agent(AgentID(0))
        }
    }
}
