/// A chat channel: like a chat room, bound to a group that decides who may work in it.
public struct ChatChannel: Sendable, Hashable, Codable {
    public var id: ChannelID
    public var name: String
    public var group: String
    public var isValid: Bool
    public var comment: String

    public init(id: ChannelID, name: String, group: String, isValid: Bool = true, comment: String = "") {
        self.id = id
        self.name = name
        self.group = group
        self.isValid = isValid
        self.comment = comment
    }
}

/// One agent as the staffing rule sees them.
public struct AgentChatState: Sendable, Equatable {
    public var agent: AgentID
    public var permissions: AgentPermissions
    public var availability: ChatAvailability
    /// The channels the agent chose for customer and public chats.
    public var externalChannels: Set<ChannelID>
    /// The channels the agent chose for agent-to-agent chats.
    public var internalChannels: Set<ChannelID>
    public var presence: Presence

    public init(agent: AgentID, permissions: AgentPermissions, availability: ChatAvailability,
        externalChannels: Set<ChannelID>, internalChannels: Set<ChannelID> = [], presence: Presence)
    {
        self.agent = agent
        self.permissions = permissions
        self.availability = availability
        self.externalChannels = externalChannels
        self.internalChannels = internalChannels
        self.presence = presence
    }
}

public enum Staffing {
    /// A channel is staffed when an agent holds `chat_owner` on its group, has it among their external
    /// channels, is available for external chats and has a live tab (active, or away unless
    /// `awayAgentsAreUnavailable`).
    public static func isStaffed(_ channel: ChatChannel, by agents: [AgentChatState], awayAgentsAreUnavailable: Bool) -> Bool {
        agents.contains { agent in
            agent.permissions.chatLevel(onGroup: channel.group) == .owner
                && agent.externalChannels.contains(channel.id)
                && agent.availability == .external
                && (agent.presence == .active || (agent.presence == .away && !awayAgentsAreUnavailable))
        }
    }
}

/// Whom an agent's personal request goes to, by login (as the people-online panel names them).
public enum ChatPartner: Sendable, Hashable {
    case agent(login: String)
    case customer(login: String)
}
