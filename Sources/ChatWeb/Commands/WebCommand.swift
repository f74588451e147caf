import ChatCore
import ChatEngine
import ChatJSON

/// Every JSON Subaction of the chat Actions, typed once: an HTTP form and a WebSocket `Command` frame both
/// decode into one of these (`CommandDecoder`), and `CommandExecutor` runs it through the engine.
enum WebCommand: Sendable, Equatable {
    // the agent's chat manager
    case snapshot
    /// `ChatGetOpenRequests`; with a filter, the agent's choice is stored first.
    case agentRequests(filter: RequestFilter?)
    case startChat(ChatPartner, message: String)
    case accept(ChatID)
    case decline(ChatID)
    case postMessage(ChatID, text: String, visibility: MessageVisibility)
    case changeChannel(ChatID, to: ChannelID)
    case agentChannels
    case chooseChannels(Set<ChannelID>)
    case invite(ChatID, agent: AgentID)
    case inviteList(ChatID)
    case takeRole(ChatID, ParticipantRole)
    case monitor(ChatID, MonitoringLevel)
    case leave(ChatID)
    case close(ChatID)
    /// "Block this visitor": new chats from the chat's visitor are refused for a while; the chat closes.
    case blockVisitor(ChatID)
    case availability
    case setAvailability(ChatAvailability)
    case setChatOrder(ChatOrder)
    /// The chat page's sound switch (stored with the agent's preferences).
    case setSound(Bool)
    case onlineUsers
    case permissionLevel(ChatID)
    case history(ChatID, after: Int64, limit: Int)
    case closedChats(search: String?)
    // the chat widget's Phone ticket and Append
    case phoneTicketForm(ChatID)
    case createPhoneTicket(ChatID, Tickets.PhoneTicketRequest)
    /// Tickets the agent may append a chat to.
    case ticketSearch(String)
    case appendToTicket(ChatID, TicketID)
    // customer users and public visitors
    case requestChat(channel: ChannelID?, message: String?)
    case requestChatAsNewVisitor(name: String, channel: ChannelID?, message: String?)
    /// `ChatLeave`, `ChatCompleted`: leaving a chat one has left already changes nothing.
    case leaveIfPresent(ChatID)
    case offeredChannels
    case chatOverview
    case invitations
    /// The customer user's "create a ticket from this conversation" after the chat closed.
    case ticketFromChat(ChatID)
    // live signals over plain HTTP (long polling); over the socket they are frames of their own
    case events(since: [ChatID: Int64]?, wait: Double)
    /// `internal`: an internal message is being typed (only agents are told).
    case typing(ChatID, internal: Bool)
    case heartbeat(input: Bool)

    /// Whether the command changes anything, so it needs a POST (or the socket) and the challenge token.
    /// Typing and heartbeats store nothing but still speak for the person, so they need the token too.
    var needsChallenge: Bool {
        switch self {
        case .snapshot, .agentChannels, .inviteList, .availability, .onlineUsers, .permissionLevel, .history, .closedChats,
             .offeredChannels, .chatOverview, .invitations, .events, .phoneTicketForm, .ticketSearch:
            false
        case .agentRequests(let filter):
            filter != nil
        default:
            true
        }
    }
}
