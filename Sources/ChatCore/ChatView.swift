import Foundation

/// Names to render with: real names, the channel names, and the `DefaultAgentName` settings; and the language
/// the viewer reads system lines in.
public struct ChatNaming: Sendable {
    public var realNames: [Person: String]
    public var channelNames: [ChannelID: String]
    /// `ChatEngine::DefaultAgentName`; empty shows agents' real names to customers too.
    public var defaultAgentName: String
    /// `ChatEngine::DefaultAgentNameNumbers`.
    public var numberAgents: Bool
    /// The viewer's language for system lines (customers and visitors; agents always read English).
    public var language: ChatLanguage

    public init(realNames: [Person: String], channelNames: [ChannelID: String], defaultAgentName: String, numberAgents: Bool,
        language: ChatLanguage = .english)
    {
        self.realNames = realNames
        self.channelNames = channelNames
        self.defaultAgentName = defaultAgentName
        self.numberAgents = numberAgents
        self.language = language
    }
}

/// One event as one viewer sees it.
public struct RenderedEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case message, system }
    public var seq: Int64
    public var at: Date
    public var kind: Kind
    /// The author as this viewer is shown them.
    public var author: String
    public var text: String
    /// True for agents-only messages (only agents ever receive those).
    public var isInternal: Bool
    /// Whether the viewer wrote it (their own messages are shown on the other side of the history).
    public var byViewer: Bool = false
    /// Whether an agent did it (monitoring "customer activity" watches the others).
    public var byAgent: Bool = false
}

/// What each viewer (a `Person`) may see of a chat, and how: observers and internal messages never reach customer
/// users and visitors, and agents appear to them under `DefaultAgentName` ("Support Agent 2").
public enum ChatView {
    public static func isVisible(_ event: ChatEvent, to viewer: Person) -> Bool {
        if viewer.isAgent {
            if case .monitoringChanged = event.kind { return event.actor == viewer }
            return true
        }
        switch event.kind {
        case .created, .accepted, .declined, .channelChanged, .closed, .ticketLinked: return true
        case .message(_, let visibility): return visibility == .everyone
        case .invited, .invitationDeclined, .monitoringChanged: return false
        case .joined(let role, _): return role != .observer
        case .roleChanged(let from, let to): return from == .observer || to == .observer
        case .left(let role): return role != .observer
        }
    }

    /// The name `person` has for `viewer` in `chat`.
    public static func name(of person: Person, in chat: Chat, for viewer: Person, naming: ChatNaming) -> String {
        let real = naming.realNames[person] ?? person.description
        guard case .agent = person, !viewer.isAgent, !naming.defaultAgentName.isEmpty else { return real }
        guard naming.numberAgents, let number = chat.participant(person)?.agentNumber else { return naming.defaultAgentName }
        return "\(naming.defaultAgentName) \(number)"
    }

    /// The event as `viewer` sees it, or nil when they may not see it.
    public static func render(_ event: ChatEvent, in chat: Chat, for viewer: Person, naming: ChatNaming) -> RenderedEvent? {
        guard var rendered = renderText(event, in: chat, for: viewer, naming: naming) else { return nil }
        rendered.byViewer = event.actor == viewer
        rendered.byAgent = event.actor.isAgent
        return rendered
    }

    static func renderText(_ event: ChatEvent, in chat: Chat, for viewer: Person, naming: ChatNaming) -> RenderedEvent? {
        guard isVisible(event, to: viewer) else { return nil }
        let actor = name(of: event.actor, in: chat, for: viewer, naming: naming)
        // agents' screens stay English; customers and visitors read system lines in their language
        let tr = viewer.isAgent ? ChatLanguage.english : naming.language
        func system(_ text: String) -> RenderedEvent {
            RenderedEvent(seq: event.seq, at: event.at, kind: .system, author: actor, text: text, isInternal: false)
        }
        switch event.kind {
        case .created:
            return system(tr("%s has requested a chat.", actor))
        case .message(let text, let visibility):
            return RenderedEvent(seq: event.seq, at: event.at, kind: .message, author: actor, text: text,
                isInternal: visibility == .agents)
        case .accepted:
            return system(tr("%s has joined the chat.", actor))
        case .declined:
            return system(tr("%s has declined the chat request.", actor))
        case .invited(let agent):
            return system(tr("%s has invited %s.", actor, name(of: .agent(agent), in: chat, for: viewer, naming: naming)))
        case .invitationDeclined:
            return system(tr("%s has declined the invitation.", actor))
        case .joined(let role, _):
            return system(viewer.isAgent && role == .observer ? tr("%s has joined the chat as observer.", actor)
                : tr("%s has joined the chat.", actor))
        case .roleChanged(_, let to):
            if viewer.isAgent {
                return system(to == .observer ? tr("%s is now an observer.", actor) : tr("%s is now a participant.", actor))
            }
            return system(to == .observer ? tr("%s has left the chat.", actor) : tr("%s has joined the chat.", actor))
        case .channelChanged(_, let to):
            return system(tr("%s has changed the channel to %s.", actor, naming.channelNames[to] ?? to.description))
        case .monitoringChanged(let level):
            return system(tr("Monitoring set to %s.", level.rawValue))
        case .left:
            return system(tr("%s has left the chat.", actor))
        case .closed:
            return system(tr("%s has closed the chat.", actor))
        case .ticketLinked(_, let number, .created):
            return system(tr("%s has created ticket #%s from this chat.", actor, number))
        case .ticketLinked(_, let number, .appended):
            return system(tr("%s has added this chat to ticket #%s.", actor, number))
        case .ticketLinked(_, let number, .fromTicket):
            return system(tr("This chat is about ticket #%s.", number))
        }
    }
}
