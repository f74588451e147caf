import ChatCore
import ChatStore
import Foundation

/// A closed chat's history shows the ticket it went into (Phone ticket, Append, a chat from or about a ticket,
/// the customer's "create a ticket from this conversation"), not only the page that made it live. Who sees the
/// link follows who may open the ticket: agents get the link to where they open tickets (the ticket's zoom
/// checks their permissions as for any link); a customer user only when the ticket is one they see in their
/// own ticket zoom (theirs or their company's), a visitor never (visitors have no tickets).
extension Tickets {
    /// The ticket a chat is linked to, as the viewer may open it.
    public struct ChatTicketLink: Sendable, Equatable {
        public var ticket: TicketRef
        /// Where an agent opens it; nil for a customer user, who opens it in their own ticket zoom.
        public var agentLink: TicketLink?
    }

    /// A chat's history (as `ChatService.history`, system lines in `language`) with its ticket's link once it is closed.
    public func history(_ chatID: ChatID, after seq: Int64, for viewer: Person, limit: Int,
        language: ChatLanguage = .english) async throws -> (chat: Chat, events: [RenderedEvent], ticket: ChatTicketLink?)
    {
        let (chat, events) = try await service.history(chatID, after: seq, for: viewer, limit: limit, language: language)
        // an open chat shows its ticket in its live view; only the history needs it (and asks the backend once)
        guard chat.state == .closed else { return (chat, events, nil) }
        return (chat, events, try await ticketLink(of: chat, for: viewer))
    }

    /// The chat's ticket for a viewer who may read the chat, or nil (no ticket, or not theirs to see).
    func ticketLink(of chat: Chat, for viewer: Person) async throws -> ChatTicketLink? {
        guard let linked = chat.ticketID else { return nil }
        switch viewer {
        case .agent:
            guard let number = try await linkedNumber(of: chat) else { return nil }
            let ref = TicketRef(id: TicketID(linked), number: number)
            return ChatTicketLink(ticket: ref, agentLink: backend.agentLink(for: ref))
        case .customer(let id):
            guard let customer = try? await ticketCustomer(id),
                let (ticket, _) = try await backend.ticket(TicketID(linked), for: customer)
            else { return nil }
            return ChatTicketLink(ticket: ticket.ref, agentLink: nil)
        case .visitor:
            return nil
        }
    }

    /// The ticket number the chat's `ticketLinked` event recorded (the chat row keeps only the ticket's ID).
    private func linkedNumber(of chat: Chat) async throws -> String? {
        var after: Int64 = 0
        while true {
            let page = try await service.store.events(of: chat.id, after: after, limit: 1000)
            for event in page {
                if case .ticketLinked(let ticket, let number, _) = event.kind, ticket.rawValue == chat.ticketID { return number }
            }
            guard let last = page.last, page.count == 1000 else { return nil }
            after = last.seq
        }
    }
}
