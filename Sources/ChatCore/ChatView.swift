import Foundation

/// Names to render with: real names, the channel names, and the `DefaultAgentName` settings.
public struct ChatNaming: Sendable {
    public var realNames: [Person: String]
    public var channelNames: [ChannelID: String]
    /// `ChatEngine::DefaultAgentName`; empty shows agents' real names to customers too.
    public var defaultAgentName: String
    /// `ChatEngine::DefaultAgentNameNumbers`.
    public var numberAgents: Bool

    public init(realNames: [Person: String], channelNames: [ChannelID: String], defaultAgentName: String, numberAgents: Bool) {
        self.realNames = realNames
        self.channelNames = channelNames
        self.defaultAgentName = defaultAgentName
        self.numberAgents = numberAgents
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
        func system(_ text: String) -> RenderedEvent {
            RenderedEvent(seq: event.seq, at: event.at, kind: .system, author: actor, text: text, isInternal: false)
        }
        switch event.kind {
        case .created:
            return system("\(actor) has requested a chat.")
        case .message(let text, let visibility):
            return RenderedEvent(seq: event.seq, at: event.at, kind: .message, author: actor, text: text,
                isInternal: visibility == .agents)
        case .accepted:
            return system("\(actor) has joined the chat.")
        case .declined:
            return system("\(actor) has declined the chat request.")
        case .invited(let agent):
            return system("\(actor) has invited \(name(of: .agent(agent), in: chat, for: viewer, naming: naming)).")
        case .invitationDeclined:
            return system("\(actor) has declined the invitation.")
        case .joined(let role, _):
            return system(viewer.isAgent && role == .observer ? "\(actor) has joined the chat as observer." : "\(actor) has joined the chat.")
        case .roleChanged(_, let to):
            if viewer.isAgent { return system("\(actor) is now \(to == .observer ? "an observer" : "a participant").") }
            return system(to == .observer ? "\(actor) has left the chat." : "\(actor) has joined the chat.")
        case .channelChanged(_, let to):
            return system("\(actor) has changed the channel to \(naming.channelNames[to] ?? to.description).")
        case .monitoringChanged(let level):
            return system("Monitoring set to \(level.rawValue).")
        case .left:
            return system("\(actor) has left the chat.")
        case .closed:
            return system("\(actor) has closed the chat.")
        case .ticketLinked(_, let number, .created):
            return system("\(actor) has created ticket #\(number) from this chat.")
        case .ticketLinked(_, let number, .appended):
            return system("\(actor) has added this chat to ticket #\(number).")
        case .ticketLinked(_, let number, .fromTicket):
            return system("This chat is about ticket #\(number).")
        }
    }
}
