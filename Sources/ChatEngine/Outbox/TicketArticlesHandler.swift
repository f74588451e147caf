import ChatCore
import ChatStore
import Foundation

/// `ticket-articles`: adds articles to a ticket on the engine's ticket backend, as the agent the item
/// names (with their permissions at the time of the attempt), passing the item's idempotency key on so a
/// retry after a lost answer adds nothing twice. Appending a chat's log when it ends uses it.
struct TicketArticlesHandler: OutboxHandler {
    static let kind = "ticket-articles"
    var kind: String { Self.kind }
    let tickets: Tickets

    func perform(_ work: OutboxWork) async throws {
        let payload = try TicketArticlesPayload.decode(work.payload)
        let agent = try await tickets.ticketAgent(payload.agent)
        _ = try await tickets.backend.addArticles(payload.articles, to: payload.ticket, by: agent,
            idempotencyKey: work.idempotencyKey)
    }
}

extension Outbox {
    /// Queues articles to add to a ticket as `agent`; the same `idempotencyKey` queues them once, and the
    /// backend writes them once.
    @discardableResult
    public func enqueueTicketArticles(_ articles: [NewArticle], to ticket: TicketID, by agent: AgentID,
        idempotencyKey: String) async throws -> OutboxEntry
    {
        let item = Self.ticketArticlesItem(articles, to: ticket, by: agent, idempotencyKey: idempotencyKey)
        return try await enqueue(kind: item.kind, idempotencyKey: item.idempotencyKey, payload: item.payload)
    }

    /// The same work as an item to queue inside another write's transaction (`OutboxRepository.append(queueing:)`).
    static func ticketArticlesItem(_ articles: [NewArticle], to ticket: TicketID, by agent: AgentID, idempotencyKey: String)
        -> NewOutboxItem
    {
        NewOutboxItem(kind: TicketArticlesHandler.kind, idempotencyKey: idempotencyKey,
            payload: TicketArticlesPayload(ticket: ticket, agent: agent, articles: articles).encode())
    }
}
