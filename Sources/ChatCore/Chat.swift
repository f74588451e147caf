import Foundation

public enum ChatState: String, Sendable, Codable {
    case request, active, closed
}

/// Whom a chat request is for: a channel (a generic request any owner may take) or one person.
public enum ChatTarget: Hashable, Sendable, Codable {
    case channel
    case agent(AgentID)
    case customer(CustomerUserID)

    public var person: Person? {
        switch self {
        case .channel: nil
        case .agent(let id): .agent(id)
        case .customer(let id): .customer(id)
        }
    }
}

public enum ParticipantRole: String, Sendable, Codable {
    case owner, participant, observer
}

public enum ParticipantState: String, Sendable, Codable {
    case invited, active, left
}

/// An agent's personal monitoring of a chat: browser notifications per level.
public enum MonitoringLevel: String, Sendable, Codable, CaseIterable {
    case none
    case customerActivity = "customer_activity"
    case allActions = "all_actions"
}

public struct ChatParticipant: Sendable, Hashable, Codable {
    public var person: Person
    public var role: ParticipantRole
    public var state: ParticipantState
    public var monitoring: MonitoringLevel
    /// The number shown after `DefaultAgentName` to customers ("Support Agent 2"), fixed at the agent's
    /// first join.
    public var agentNumber: Int?
    /// For an invited agent: the highest role the invitation allows.
    public var invitedBy: AgentID?

    public init(person: Person, role: ParticipantRole, state: ParticipantState, monitoring: MonitoringLevel = .none,
        agentNumber: Int? = nil, invitedBy: AgentID? = nil)
    {
        self.person = person
        self.role = role
        self.state = state
        self.monitoring = monitoring
        self.agentNumber = agentNumber
        self.invitedBy = invitedBy
    }
}

/// A chat's current state, derived from its event log (see `Chat.applying`).
public struct Chat: Sendable, Hashable, Codable {
    public var id: ChatID
    public var channel: ChannelID
    public var state: ChatState
    public var requester: Person
    public var target: ChatTarget
    public var ticketID: Int64?
    public var createdAt: Date
    public var closedAt: Date?
    public var participants: [ChatParticipant]
    /// The sequence number of the last event in the log.
    public var lastSeq: Int64

    public init(id: ChatID, channel: ChannelID, state: ChatState, requester: Person, target: ChatTarget,
        ticketID: Int64? = nil, createdAt: Date, closedAt: Date? = nil, participants: [ChatParticipant], lastSeq: Int64)
    {
        self.id = id
        self.channel = channel
        self.state = state
        self.requester = requester
        self.target = target
        self.ticketID = ticketID
        self.createdAt = createdAt
        self.closedAt = closedAt
        self.participants = participants
        self.lastSeq = lastSeq
    }

    public func participant(_ person: Person) -> ChatParticipant? {
        participants.first { $0.person == person }
    }

    /// The participant, when they are in the chat now (not invited, not gone).
    public func activeParticipant(_ person: Person) -> ChatParticipant? {
        participants.first { $0.person == person && $0.state == .active }
    }

    /// Whether an internal request between agents (no customer or visitor involved).
    public var isInternal: Bool {
        requester.isAgent && (target.person?.isAgent ?? false)
    }

    /// The next free number for `DefaultAgentName` in this chat.
    public var nextAgentNumber: Int {
        (participants.compactMap(\.agentNumber).max() ?? 0) + 1
    }
}
