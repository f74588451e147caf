import ChatCore
import ChatStore

/// ChatEngine's own ticket store (standalone, the default of `make run`). SKELETON: being written.
public struct EmbeddedTicketBackend: TicketBackend {
    let store: any ChatStoreProtocol

    public init(store: any ChatStoreProtocol) {
        self.store = store
    }

    static let unbuilt = EngineError.refused("the embedded ticket store is being written")

    public func options(for agent: TicketAgent) async throws -> TicketOptions { throw Self.unbuilt }
    public func createTicket(_ ticket: NewTicket, articles: [NewArticle], by agent: TicketAgent, idempotencyKey: String)
        async throws -> TicketRef { throw Self.unbuilt }
    public func addArticles(_ articles: [NewArticle], to ticket: TicketID, by agent: TicketAgent, idempotencyKey: String)
        async throws -> TicketRef { throw Self.unbuilt }
    public func searchTickets(_ text: String, for agent: TicketAgent, writableOnly: Bool, limit: Int) async throws -> [Ticket] {
        throw Self.unbuilt
    }
    public func ticket(_ id: TicketID, for agent: TicketAgent) async throws -> Ticket? { throw Self.unbuilt }
    public func articles(of id: TicketID, for agent: TicketAgent) async throws -> [TicketArticle]? { throw Self.unbuilt }
    public func tickets(of customer: TicketCustomer, limit: Int) async throws -> [Ticket] { throw Self.unbuilt }
    public func ticket(_ id: TicketID, for customer: TicketCustomer) async throws -> (Ticket, [TicketArticle])? { throw Self.unbuilt }
    public func attachment(_ id: Int64, for viewer: TicketViewer) async throws -> TicketAttachment? { throw Self.unbuilt }
    public func agentLink(for ticket: TicketRef) -> TicketLink { .agentTicketZoom(ticket.id) }
}
