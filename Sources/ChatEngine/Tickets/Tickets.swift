import ChatCore
import ChatStore
import Foundation

/// The ticket use cases: phone ticket and append from a chat (`Tickets+FromChat`), and what the ticket
/// screens show (search, zoom, a customer user's tickets). Who asks is resolved here: an agent with their
/// permissions, a customer user with their login and company; the backend answers only what they may see.
public final class Tickets: Sendable {
    let service: ChatService
    public let backend: any TicketBackend
    /// Writes after the answer: the messages a chat got while its ticket was being written.
    let outbox: Outbox

    init(service: ChatService, backend: any TicketBackend, outbox: Outbox) {
        self.service = service
        self.backend = backend
        self.outbox = outbox
    }

    /// The agent as the backend needs them: login, name, current permissions.
    public func ticketAgent(_ id: AgentID) async throws -> TicketAgent {
        guard let agent = try await service.store.agent(id: id), agent.isValid else { throw EngineError.notFound("agent \(id.rawValue)") }
        let permissions = try await service.agentContext(id).permissions
        return TicketAgent(id: id, login: agent.login, name: agent.fullName, permissions: permissions, email: agent.email)
    }

    public func ticketCustomer(_ id: CustomerUserID) async throws -> TicketCustomer {
        guard let customer = try await service.store.customerUser(id: id), customer.isValid else {
            throw EngineError.notFound("customer user \(id.rawValue)")
        }
        return TicketCustomer(login: customer.login, customerID: customer.customerID)
    }

    /// `AgentTicketSearch`: tickets the agent may see whose number, title or customer user contains `text`.
    public func search(_ text: String, by agent: AgentID, writableOnly: Bool = false, limit: Int = 50) async throws -> [Ticket] {
        try await backend.searchTickets(String(text.prefix(200)), for: ticketAgent(agent), writableOnly: writableOnly,
            limit: min(max(limit, 1), 200))
    }

    /// `AgentTicketZoom`: the ticket and all its articles, when the agent may see it.
    public func zoom(_ id: TicketID, by agent: AgentID) async throws -> (ticket: Ticket, articles: [TicketArticle])? {
        let agent = try await ticketAgent(agent)
        guard let ticket = try await backend.ticket(id, for: agent), let articles = try await backend.articles(of: id, for: agent)
        else { return nil }
        return (ticket, articles)
    }

    /// `CustomerTicketOverview`: the customer user's tickets.
    public func customerTickets(of customer: CustomerUserID, limit: Int = 200) async throws -> [Ticket] {
        try await backend.tickets(of: ticketCustomer(customer), limit: limit)
    }

    /// `CustomerTicketZoom`: one of their tickets with only the articles visible for the customer.
    public func customerZoom(_ id: TicketID, by customer: CustomerUserID) async throws
        -> (ticket: Ticket, articles: [TicketArticle])?
    {
        guard let (ticket, articles) = try await backend.ticket(id, for: ticketCustomer(customer)) else { return nil }
        // agents are shown to customers under `DefaultAgentName` when it is set, in tickets as in chats
        let masked = service.settings.defaultAgentName
        return (ticket, articles.filter(\.isVisibleForCustomer).map { article in
            var article = article
            if !masked.isEmpty && article.senderType == .agent { article.from = masked }
            return article
        })
    }

    /// An attachment's bytes for an agent or a customer user who may see its article.
    public func attachment(_ id: Int64, for person: Person) async throws -> TicketAttachment? {
        switch person {
        case .agent(let agent): try await backend.attachment(id, for: .agent(ticketAgent(agent)))
        case .customer(let customer): try await backend.attachment(id, for: .customer(ticketCustomer(customer)))
        case .visitor: nil
        }
    }

    public func link(for ticket: TicketRef) -> TicketLink {
        backend.agentLink(for: ticket)
    }
}
