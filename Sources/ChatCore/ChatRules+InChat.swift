/// Rules for people already in a chat: messages, invitations, roles, channel changes, leaving, closing.
extension ChatRules {
    /// Owners and participants write to everyone or to agents only; observers write to agents only;
    /// customer users and visitors write to everyone. A requester may write while the request waits.
    public static func postMessage(_ chat: Chat, text: String, visibility: MessageVisibility, by actor: ChatActor,
        policy: ChatPolicy) throws(ChatError) -> [ChatEventKind]
    {
        guard chat.state != .closed else { throw .chatClosed }
        guard let me = chat.activeParticipant(actor.person) else { throw .notInChat }
        switch actor {
        case .agent:
            if me.role == .observer && visibility == .everyone {
                throw .notPermitted("observers can only write internal messages")
            }
        case .customer, .visitor:
            guard visibility == .everyone else { throw .notPermitted("only agents can write internal messages") }
        }
        return [.message(text: try validMessage(text, policy), visibility: visibility)]
    }

    /// Anyone in an active chat may invite an agent who holds a chat permission on its channel and is
    /// available for chats.
    public static func invite(_ chat: Chat, in channel: ChatChannel, invitee: AgentContext, by actor: ChatActor)
        throws(ChatError) -> [ChatEventKind]
    {
        guard chat.state != .closed else { throw .chatClosed }
        guard chat.state == .active else { throw .notPermitted("a request must be accepted before inviting") }
        guard case .agent = actor, chat.activeParticipant(actor.person) != nil else { throw .notInChat }
        guard invitee.id != actor.person.agentID else { throw .invalidTarget("you are already in this chat") }
        guard let state = chat.participant(.agent(invitee.id))?.state, state != .left else {
            return try inviteChecked(channel, invitee)
        }
        throw .invalidTarget(state == .invited ? "that agent is already invited" : "that agent is already in this chat")
    }

    private static func inviteChecked(_ channel: ChatChannel, _ invitee: AgentContext) throws(ChatError) -> [ChatEventKind] {
        guard invitee.permissions.chatLevel(onGroup: channel.group) != nil else {
            throw .invalidTarget("that agent has no chat permission on the group \(channel.group)")
        }
        guard invitee.availability >= .internal else { throw .invalidTarget("that agent is unavailable for chats") }
        return [.invited(agent: invitee.id)]
    }

    /// An invited agent comes in as observer or participant, within their permission level.
    public static func join(_ chat: Chat, in channel: ChatChannel, as role: ParticipantRole, by agent: AgentContext)
        throws(ChatError) -> [ChatEventKind]
    {
        guard chat.state != .closed else { throw .chatClosed }
        guard let me = chat.participant(.agent(agent.id)), me.state == .invited else {
            throw .notPermitted("you have not been invited to this chat")
        }
        try requireRole(role, allowedFor: agent, in: channel)
        return [.joined(role: role, agentNumber: me.agentNumber ?? chat.nextAgentNumber)]
    }

    /// An invited agent in the chat switches between observer and participant, within their level.
    public static func switchRole(_ chat: Chat, in channel: ChatChannel, to role: ParticipantRole, by agent: AgentContext)
        throws(ChatError) -> [ChatEventKind]
    {
        guard chat.state != .closed else { throw .chatClosed }
        guard let me = chat.activeParticipant(.agent(agent.id)) else { throw .notInChat }
        guard me.role != .owner else { throw .notPermitted("the chat's owner keeps the owner role") }
        guard me.role != role else { throw .notPermitted("you already are \(role.rawValue)") }
        try requireRole(role, allowedFor: agent, in: channel)
        return [.roleChanged(from: me.role, to: role)]
    }

    private static func requireRole(_ role: ParticipantRole, allowedFor agent: AgentContext, in channel: ChatChannel)
        throws(ChatError)
    {
        guard let level = agent.permissions.chatLevel(onGroup: channel.group) else {
            throw .notPermitted("you have no chat permission on the group \(channel.group)")
        }
        switch role {
        case .owner: throw .notPermitted("invited agents join as observer or participant")
        case .participant where level < .participant:
            throw .notPermitted("chat_observer only lets you observe")
        default: break
        }
    }

    /// Moves a chat to another channel, which must be valid and staffed (for requests and active chats
    /// alike). A waiting request is moved by an owner of its channel; an active chat by its owner or a
    /// participant.
    public static func changeChannel(_ chat: Chat, from current: ChatChannel, to target: ChatChannel,
        targetStaffed: Bool, by actor: ChatActor) throws(ChatError) -> [ChatEventKind]
    {
        guard chat.state != .closed else { throw .chatClosed }
        guard case .agent(let agent) = actor else { throw .notPermitted("only agents change channels") }
        if chat.state == .request {
            guard agent.permissions.chatLevel(onGroup: current.group) == .owner else {
                throw .notPermitted("moving a request needs chat_owner on the group \(current.group)")
            }
        } else {
            guard let me = chat.activeParticipant(actor.person) else { throw .notInChat }
            guard me.role != .observer else { throw .notPermitted("observers cannot change the channel") }
        }
        guard target.id != current.id else { throw .invalidTarget("the chat already is in \(target.name)") }
        try requireUsable(target, staffed: targetStaffed, checkStaffing: true)
        return [.channelChanged(from: current.id, to: target.id)]
    }

    /// An agent sets their own monitoring of a chat they are in.
    public static func setMonitoring(_ chat: Chat, to level: MonitoringLevel, by agent: AgentContext)
        throws(ChatError) -> [ChatEventKind]
    {
        guard chat.state != .closed else { throw .chatClosed }
        guard chat.activeParticipant(.agent(agent.id)) != nil else { throw .notInChat }
        return [.monitoringChanged(level)]
    }

    /// Leaving. When the customer user or visitor the chat is for leaves, nobody is left to talk to,
    /// and the chat closes.
    public static func leave(_ chat: Chat, by actor: ChatActor) throws(ChatError) -> [ChatEventKind] {
        guard chat.state != .closed else { throw .chatClosed }
        guard let me = chat.activeParticipant(actor.person) else { throw .notInChat }
        if !actor.person.isAgent { return [.left(role: me.role), .closed] }
        return [.left(role: me.role)]
    }

    /// Closing is final. Owners and participants close; so does the customer user or visitor in the chat.
    public static func close(_ chat: Chat, by actor: ChatActor) throws(ChatError) -> [ChatEventKind] {
        guard chat.state != .closed else { throw .chatClosed }
        guard let me = chat.activeParticipant(actor.person) else { throw .notInChat }
        guard me.role != .observer else { throw .notPermitted("observers cannot close the chat") }
        return [.closed]
    }

    /// A phone ticket made of the chat, or the chat appended to a ticket: recorded, then the chat closes (as
    /// OTRS does). Owners and participants do it; a chat has one ticket. A chat closed meanwhile (by the
    /// customer, while the ticket was being written) is still linked, by an agent who was in it.
    public static func linkTicket(_ chat: Chat, ticket: TicketRef, how: TicketLinkKind, by actor: ChatActor)
        throws(ChatError) -> [ChatEventKind]
    {
        guard case .agent = actor else { throw .notPermitted("only agents make tickets of chats") }
        if let linked = chat.ticketID, linked != ticket.id.rawValue {
            throw .notPermitted("this chat is already saved in another ticket")
        }
        let linking: [ChatEventKind] = chat.ticketID == nil ? [.ticketLinked(ticket: ticket.id, number: ticket.number, how: how)] : []
        guard chat.state == .closed else { return linking + (try close(chat, by: actor)) }
        guard let me = chat.participant(actor.person), me.role != .observer, me.state != .invited else { throw .notInChat }
        guard !linking.isEmpty else { throw .chatClosed }
        return linking
    }
}
