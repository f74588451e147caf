/// Who is told what about a chat: pure rules, no I/O.
public enum ChatAudience {
    /// The participants `viewer` sees in the chat's participant list: agents see everyone (observers, invited, gone);
    /// customer users and visitors see only active participants who are not observers.
    public static func visibleParticipants(of chat: Chat, to viewer: Person) -> [ChatParticipant] {
        guard !viewer.isAgent else { return chat.participants }
        // observers are never revealed to customers (as in ChatView), and the invited or gone are not "in" the chat
        return chat.participants.filter { $0.role != .observer && $0.state == .active }
    }

    /// Agents whose request lists may have changed: the targets of personal requests (`targets`), plus every
    /// candidate agent holding any chat permission (observer/participant/owner) on one of `groups` (the groups
    /// of the channels whose requests changed).
    public static func requestListRecipients(groups: Set<String>, targets: Set<AgentID>,
        candidates: [AgentID: AgentPermissions]) -> Set<AgentID>
    {
        // any chat_* key shows a channel's requests in the list; ro/rw alone do not (see AgentPermissions.chatLevel)
        let concerned = candidates.filter { _, permissions in
            groups.contains { permissions.chatLevel(onGroup: $0) != nil }
        }
        return targets.union(concerned.keys)
    }

    /// A browser notification someone gets personally: a personal request to them (agent to agent, agent to
    /// customer user) or an invitation into a running chat, with who asked.
    public enum PersonalNotice: Sendable, Equatable {
        case request(from: Person)
        case invitation(by: Person)
    }

    /// Whom the events just committed notify personally, as the OTRS 7 manual has it: the agent or customer
    /// user a personal request is for, and the agent invited into a chat.
    public static func personalNotices(_ events: [ChatEvent]) -> [(recipient: Person, notice: PersonalNotice)] {
        events.compactMap { event in
            switch event.kind {
            case .created(_, .agent(let agent)): (.agent(agent), .request(from: event.actor))
            case .created(_, .customer(let customer)): (.customer(customer), .request(from: event.actor))
            case .invited(let agent): (.agent(agent), .invitation(by: event.actor))
            default: nil
            }
        }
    }

    /// Agents to notify (browser notification) of a new general request in a channel of `channelGroup`:
    /// those who may accept there (owner level) and are in the notification group (at least `ro` on it).
    /// Empty unless the chat is a general request still waiting.
    public static func newRequestRecipients(of chat: Chat, channelGroup: String, notificationGroup: String,
        candidates: [AgentID: AgentPermissions]) -> Set<AgentID>
    {
        // a personal request concerns its target only, who learns of it from the request list
        guard chat.target == .channel, chat.state == .request else { return [] }
        let recipients = candidates.filter { _, permissions in
            permissions.chatLevel(onGroup: channelGroup) == .owner && permissions.canRead(group: notificationGroup)
        }
        return Set(recipients.keys)
    }

    /// Monitoring: the first event (in order) that should raise a notification for a monitoring agent, or nil.
    /// `.customerActivity` watches what customers and visitors do; `.allActions` everything others do.
    public static func monitoringAlert(level: MonitoringLevel, events: [RenderedEvent]) -> RenderedEvent? {
        switch level {
        case .none: nil
        case .customerActivity: events.first { !$0.byViewer && !$0.byAgent }
        case .allActions: events.first { !$0.byViewer }
        }
    }

    /// Who sees that `person` is typing: the other active participants, and only agents when the typist
    /// observes (customers never learn an observer is there) or an agent types an internal message. Nobody
    /// when the typist is not active in the chat.
    public static func typingRecipients(in chat: Chat, from person: Person, internal isInternal: Bool = false) -> Set<Person> {
        guard let typist = chat.activeParticipant(person) else { return [] }
        // an internal message is for agents only, and so is the fact that one is being written
        let agentsOnly = typist.role == .observer || (isInternal && person.isAgent)
        return Set(chat.participants.filter { other in
            other.state == .active && other.person != person && (!agentsOnly || other.person.isAgent)
        }.map(\.person))
    }
}
