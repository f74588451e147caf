/// The rules of who may chat with whom and how a chat lives and dies. Pure: each rule takes the chat as
/// it stands, the actor and the policy, and returns the events to record, or a typed error.
public enum ChatRules {
    /// A new chat. Customer users and visitors make generic requests into a channel; agents request a
    /// specific agent or customer user (their chats live in the channel given, normally the default one).
    public static func create(target: ChatTarget, in channel: ChatChannel, channelStaffed: Bool,
        by actor: ChatActor, targetAgent: AgentContext? = nil, firstMessage: String?, policy: ChatPolicy)
        throws(ChatError) -> [ChatEventKind]
    {
        guard policy.active else { throw .chatNotActive }
        switch (actor, target) {
        case (.visitor, .channel):
            try require(.publicToAgent, policy)
            try requireUsable(channel, staffed: channelStaffed, checkStaffing: policy.publicAvailabilityCheck)
        case (.customer, .channel):
            try require(.customerToAgent, policy)
            try requireUsable(channel, staffed: channelStaffed, checkStaffing: policy.customerAvailabilityCheck)
        case (.agent(let agent), .agent(let targetID)):
            try require(.agentToAgent, policy)
            try requireStarter(agent, policy, needs: .internal)
            guard targetID != agent.id else { throw .invalidTarget("you cannot chat with yourself") }
            guard let targetAgent, targetAgent.id == targetID,
                targetAgent.permissions.canRead(group: policy.receivingGroup), targetAgent.availability >= .internal
            else { throw .invalidTarget("that agent is not available for chats") }
            try requireUsable(channel, staffed: channelStaffed, checkStaffing: false)
        case (.agent(let agent), .customer):
            try require(.agentToCustomer, policy)
            try requireStarter(agent, policy, needs: .external)
            try requireUsable(channel, staffed: channelStaffed, checkStaffing: false)
        case (.agent, .channel):
            throw .invalidTarget("agents start chats with a person, not a channel")
        case (.customer, _), (.visitor, _):
            throw .invalidTarget("customer users and visitors can only make requests to a channel")
        }
        var events: [ChatEventKind] = [.created(channel: channel.id, target: target)]
        if let firstMessage {
            events.append(.message(text: try validMessage(firstMessage, policy), visibility: .everyone))
        }
        return events
    }

    /// Takes a request: a generic one by any agent with `chat_owner` on its channel (the first wins), a
    /// personal one only by its target.
    public static func accept(_ chat: Chat, in channel: ChatChannel, by actor: ChatActor, policy: ChatPolicy)
        throws(ChatError) -> [ChatEventKind]
    {
        guard policy.active else { throw .chatNotActive }
        switch chat.state {
        case .closed: throw .chatClosed
        case .active: throw .alreadyAccepted
        case .request: break
        }
        switch (chat.target, actor) {
        case (.channel, .agent(let agent)):
            guard agent.permissions.chatLevel(onGroup: channel.group) == .owner else {
                throw .notPermitted("accepting requests needs chat_owner on the channel's group \(channel.group)")
            }
            try requireReceiver(agent, policy, needs: .external)
            return [.accepted(agentNumber: chat.nextAgentNumber)]
        case (.agent(let targetID), .agent(let agent)) where targetID == agent.id:
            try requireReceiver(agent, policy, needs: .internal)
            return [.accepted(agentNumber: chat.nextAgentNumber)]
        case (.customer(let targetID), .customer(let customer)) where targetID == customer:
            return [.accepted(agentNumber: nil)]
        default:
            throw .notPermitted("this request is not addressed to you")
        }
    }

    /// The target of a personal request turns it down (the chat ends), or an invited agent turns down
    /// the invitation (the chat goes on).
    public static func decline(_ chat: Chat, by actor: ChatActor) throws(ChatError) -> [ChatEventKind] {
        guard chat.state != .closed else { throw .chatClosed }
        if chat.state == .request, let target = chat.target.person, target == actor.person {
            return [.declined]
        }
        if case .agent = actor, chat.participant(actor.person)?.state == .invited {
            return [.invitationDeclined]
        }
        throw .notPermitted("there is no request for you to decline")
    }

    static func require(_ direction: ChatDirection, _ policy: ChatPolicy) throws(ChatError) {
        guard policy.enabledDirections.contains(direction) else { throw .directionDisabled(direction) }
    }

    static func requireUsable(_ channel: ChatChannel, staffed: Bool, checkStaffing: Bool) throws(ChatError) {
        guard channel.isValid else { throw .channelInvalid(channel.name) }
        if checkStaffing && !staffed { throw .channelNotStaffed(channel.name) }
    }

    static func requireStarter(_ agent: AgentContext, _ policy: ChatPolicy, needs: ChatAvailability) throws(ChatError) {
        guard agent.permissions.canRead(group: policy.startingGroup) else {
            throw .notPermitted("starting chats needs at least ro on the group \(policy.startingGroup)")
        }
        guard agent.availability >= needs else {
            throw .notPermitted("you are \(agent.availability.rawValue) for chats; this needs \(needs.rawValue)")
        }
    }

    static func requireReceiver(_ agent: AgentContext, _ policy: ChatPolicy, needs: ChatAvailability) throws(ChatError) {
        guard agent.permissions.canRead(group: policy.receivingGroup) else {
            throw .notPermitted("receiving chats needs at least ro on the group \(policy.receivingGroup)")
        }
        guard agent.availability >= needs else {
            throw .notPermitted("you are \(agent.availability.rawValue) for chats; this needs \(needs.rawValue)")
        }
    }

    /// Up to `messageLimit` Unicode scalars, and not blank. Longer is an error, never a truncation.
    public static func validMessage(_ text: String, _ policy: ChatPolicy) throws(ChatError) -> String {
        let scalars = text.unicodeScalars.count
        guard scalars <= policy.messageLimit else { throw .messageTooLong(scalars: scalars, limit: policy.messageLimit) }
        guard text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { throw .messageEmpty }
        return text
    }
}
