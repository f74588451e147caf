import ChatCore

/// Where tickets live: ChatEngine's own store (`EmbeddedTicketBackend`) or the ticket system's, through its
/// GenericInterface. Every call is made for one agent (or customer user) and answers only what they may see;
/// a write that is retried with the same `idempotencyKey` returns the first write's ticket and writes nothing.
public protocol TicketBackend: Sendable {
    /// The queues this agent may create tickets in, and the states and priorities to choose from.
    func options(for agent: TicketAgent) async throws -> TicketOptions
    /// Creates a ticket owned by the agent, with its first articles.
    func createTicket(_ ticket: NewTicket, articles: [NewArticle], by agent: TicketAgent, idempotencyKey: String)
        async throws -> TicketRef
    /// Adds articles (written by the agent) to a ticket the agent may write to.
    func addArticles(_ articles: [NewArticle], to ticket: TicketID, by agent: TicketAgent, idempotencyKey: String)
        async throws -> TicketRef
    /// Tickets the agent may see (or, with `writableOnly`, write to) whose number, title or customer user
    /// contains `text`, most recently changed first.
    func searchTickets(_ text: String, for agent: TicketAgent, writableOnly: Bool, limit: Int) async throws -> [Ticket]
    /// The ticket, when it exists and the agent may see it.
    func ticket(_ id: TicketID, for agent: TicketAgent) async throws -> Ticket?
    /// Its articles, oldest first (nil when the agent may not see the ticket).
    func articles(of id: TicketID, for agent: TicketAgent) async throws -> [TicketArticle]?
    /// A customer user's tickets, most recently changed first.
    func tickets(of customer: TicketCustomer, limit: Int) async throws -> [Ticket]
    /// One of the customer user's tickets with only the articles visible for the customer (nil when not theirs).
    func ticket(_ id: TicketID, for customer: TicketCustomer) async throws -> (Ticket, [TicketArticle])?
    /// An attachment's bytes, when the viewer may see its article.
    func attachment(_ id: Int64, for viewer: TicketViewer) async throws -> TicketAttachment?
    /// Where the agent opens the ticket: ChatEngine's `AgentTicketZoom`, or the ticket system's own zoom.
    func agentLink(for ticket: TicketRef) -> TicketLink
}

/// Who looks at a ticket.
public enum TicketViewer: Equatable, Sendable {
    case agent(TicketAgent)
    case customer(TicketCustomer)
}

/// A link to a ticket: a path within ChatEngine's agent interface (`index.pl?Action=AgentTicketZoom;TicketID=1`)
/// or a full URL elsewhere.
public enum TicketLink: Hashable, Sendable {
    case agentTicketZoom(TicketID)
    case url(String)
}
