import ChatCore
import ChatEngine

/// A test backend wrapping another: every call goes to `inner` unless the wrapper implements it itself (a
/// backend that fails, or one that forgets to filter).
protocol ForwardingTicketBackend: TicketBackend {
    var inner: any TicketBackend { get }
}

extension ForwardingTicketBackend {
    func options(for agent: TicketAgent) async throws -> TicketOptions { try await inner.options(for: agent) }
    func createTicket(_ ticket: NewTicket, articles: [NewArticle], by agent: TicketAgent, idempotencyKey: String) async throws
        -> TicketRef
    {
        try await inner.createTicket(ticket, articles: articles, by: agent, idempotencyKey: idempotencyKey)
    }
    func addArticles(_ articles: [NewArticle], to ticket: TicketID, by agent: TicketAgent, idempotencyKey: String) async throws
        -> TicketRef
    {
        try await inner.addArticles(articles, to: ticket, by: agent, idempotencyKey: idempotencyKey)
    }
    func searchTickets(_ text: String, for agent: TicketAgent, writableOnly: Bool, limit: Int) async throws -> [Ticket] {
        try await inner.searchTickets(text, for: agent, writableOnly: writableOnly, limit: limit)
    }
    func ticket(_ id: TicketID, for agent: TicketAgent) async throws -> Ticket? { try await inner.ticket(id, for: agent) }
    func articles(of id: TicketID, for agent: TicketAgent) async throws -> [TicketArticle]? {
        try await inner.articles(of: id, for: agent)
    }
    func tickets(of customer: TicketCustomer, limit: Int) async throws -> [Ticket] { try await inner.tickets(of: customer, limit: limit) }
    func ticket(_ id: TicketID, for customer: TicketCustomer) async throws -> (Ticket, [TicketArticle])? {
        try await inner.ticket(id, for: customer)
    }
    func attachment(_ id: Int64, for viewer: TicketViewer) async throws -> TicketAttachment? {
        try await inner.attachment(id, for: viewer)
    }
    func agentLink(for ticket: TicketRef) -> TicketLink { inner.agentLink(for: ticket) }
}
