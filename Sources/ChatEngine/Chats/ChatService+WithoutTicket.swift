import ChatCore

extension ChatService {
    /// Whether this person's screens offer a new chat that is not about a ticket (`Ticket::*::StartChatWOTicket`):
    /// the agent's chat with someone online, the customer user's plain new conversation.
    public func offersChatWithoutTicket(to person: Person) -> Bool {
        TicketChatRules.offersChatWithoutTicket(to: person, policy: TicketChatPolicy(settings.ticketChat))
    }
}
