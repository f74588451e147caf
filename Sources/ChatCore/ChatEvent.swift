import Foundation

/// What happened in a chat: the entries of its append-only log. Events record who acted (by ID), never
/// rendered text; each viewer's text is made when it is read.
public enum ChatEventKind: Sendable, Hashable, Codable {
    /// The chat was requested: generic (target `.channel`) or personal.
    case created(channel: ChannelID, target: ChatTarget)
    case message(text: String, visibility: MessageVisibility)
    /// A generic request taken by an owner, or a personal request accepted by its target.
    case accepted(agentNumber: Int?)
    /// The target of a personal request turned it down; the chat ends.
    case declined
    case invited(agent: AgentID)
    /// An invited agent turned the invitation down; the chat goes on without them.
    case invitationDeclined
    /// An invited agent came in, as observer or participant.
    case joined(role: ParticipantRole, agentNumber: Int)
    case roleChanged(from: ParticipantRole, to: ParticipantRole)
    case channelChanged(from: ChannelID, to: ChannelID)
    case monitoringChanged(MonitoringLevel)
    case left(role: ParticipantRole)
    case closed
    /// An agent made a ticket of the chat (phone ticket) or appended it to one; the chat closes next. Or the
    /// chat started linked to a ticket (`fromTicket`, right after `created`).
    case ticketLinked(ticket: TicketID, number: String, how: TicketLinkKind)
}

/// How a chat came to a ticket.
public enum TicketLinkKind: String, Sendable, Hashable, Codable {
    /// A new ticket was made from it (the chat widget's "Phone ticket").
    case created
    /// It was appended to an existing ticket ("Append").
    case appended
    /// It started from the ticket (or the ticket was made for it, pre-ticket): its log goes there when it ends.
    case fromTicket
}

public enum MessageVisibility: String, Sendable, Hashable, Codable {
    /// Everyone in the chat.
    case everyone
    /// Agents only: never shown to customer users or visitors.
    case agents
}

/// One entry of a chat's log: its per-chat sequence number, the server's time and the actor.
public struct ChatEvent: Sendable, Hashable, Codable {
    public var chat: ChatID
    public var seq: Int64
    public var at: Date
    public var actor: Person
    public var kind: ChatEventKind

    public init(chat: ChatID, seq: Int64, at: Date, actor: Person, kind: ChatEventKind) {
        self.chat = chat
        self.seq = seq
        self.at = at
        self.actor = actor
        self.kind = kind
    }
}
