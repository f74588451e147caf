import ChatCore
import ChatStore
import Foundation
import Logging

/// A chat linked to its ticket from the start (from a ticket's zoom, or a pre-ticket chat) goes into that
/// ticket when it ends: its two transcript articles, queued in the outbox (`ticket-articles`) in the name of
/// the chat's agent, in the same transaction as the close (`CloseWork`), so a crash between the two cannot
/// lose the log. The outbox item's key is the one Append uses for the chat, so an agent who appended the
/// chat to the same ticket by hand before it closed gets no second copy, and a second close path (another
/// node, a retry) queues nothing twice.
extension Tickets {
    static let logger = Logger(label: "chatengine.tickets")

    /// Called by the chat service before it writes events that close a chat: the work to queue with them.
    func closeWork(_ closing: Chat, pending: [ChatEvent]) async -> [NewOutboxItem] {
        // Phone ticket and Append link and close in one commit: they wrote the ticket themselves
        guard let ticket = closing.ticketID, !pending.contains(where: { if case .ticketLinked = $0.kind { true } else { false } })
        else { return [] }
        do {
            return try await linkedChatArticles(closing, to: TicketID(ticket), pending: pending).map { [$0] } ?? []
        } catch {
            Self.logger.error("chat \(closing.id.rawValue) closes but its log could not be queued for ticket \(ticket): \(error)")
            return []
        }
    }

    /// The outbox item with the chat's transcript articles for its ticket (nil when no agent took part:
    /// nobody to write them); `pending`: events not yet stored that the transcript ends with.
    func linkedChatArticles(_ chat: Chat, to ticket: TicketID, pending: [ChatEvent] = []) async throws -> NewOutboxItem? {
        guard let agentID = Self.writingAgent(of: chat) else {
            Self.logger.notice("chat \(chat.id.rawValue) ended without an agent: nothing appended to ticket \(ticket.rawValue)")
            return nil
        }
        let agent = try await ticketAgent(agentID)
        let (articles, _) = try await transcriptArticles(chat, for: agent, pending: pending)
        return Outbox.ticketArticlesItem(articles, to: ticket, by: agentID, idempotencyKey: Self.key(chat.id))
    }

    /// The agent in whose name a chat's log is written: the agent who started it, else its owner, else the
    /// first agent who took part (not an observer).
    static func writingAgent(of chat: Chat) -> AgentID? {
        if case .agent(let id) = chat.requester { return id }
        let agents = chat.participants.filter { $0.person.isAgent && $0.role != .observer && $0.state != .invited }
        let chosen = agents.first { $0.role == .owner } ?? agents.first
        if case .agent(let id)? = chosen?.person { return id }
        return nil
    }
}
