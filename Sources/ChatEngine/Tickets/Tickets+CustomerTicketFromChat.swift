import ChatCore
import ChatStore
import Foundation

/// OTRS 7: when the chat is over, the customer user may "create a ticket from this conversation". The ticket
/// is the customer user's (their login and company), in `ChatEngine::TicketFromChat::Queue`, state `new`,
/// priority `3 normal` (OTRS's defaults for a customer's new ticket), with the chat's two transcript articles
/// (what the customer saw, and the full log for agents only) written in the name of the agent who took the
/// chat: the ticket backend writes as an agent, and that agent is the one who knows the case. A chat no agent
/// ever took (the request ran out, or she gave up waiting) may become a ticket too (`TicketChatRules.
/// linkByCustomer`): `ChatEngine::TicketFromChat::Owner` writes it as for a pre-ticket chat, the articles hers.
/// One ticket per chat: a retry, a double click or a lost answer returns the first.
extension Tickets {
    static let customerTicketState = "new"
    static let customerTicketPriority = "3 normal"

    /// Whether the closed chat's page offers it: the chat is the customer user's own, closed and in no ticket yet.
    public func mayCreateTicket(from chatID: ChatID, by customer: CustomerUserID) async throws -> Bool {
        let chat = try await service.readableChat(chatID, by: .customer(customer))
        return chat.requester == .customer(customer) && chat.state == .closed && chat.ticketID == nil
    }

    /// Creates the ticket (or finds the one made before) and links the chat to it.
    public func createTicket(fromChat chatID: ChatID, by customerID: CustomerUserID, commandID: String?) async throws -> TicketRef {
        let me = Person.customer(customerID)
        let chat = try await service.readableChat(chatID, by: me)
        let customer = try await ticketCustomer(customerID)
        if let linked = chat.ticketID {
            // made before (its answer got lost), or saved by the agent: theirs to see, else it is no business of theirs
            if let (ticket, _) = try await backend.ticket(TicketID(linked), for: customer) { return ticket.ref }
            throw ChatError.notPermitted("this chat is already saved in a ticket")
        }
        let actor = try await service.actor(for: me)
        _ = try TicketChatRules.linkByCustomer(chat, ticket: TicketRef(id: TicketID(0), number: ""), by: actor)
        let (agent, articles) = try await customerTicketArticles(chat, of: customerID)
        let events = try await service.store.events(of: chatID, after: 0, limit: 200)
        let first = events.lazy.compactMap { event -> String? in
            guard case .message(let text, .everyone) = event.kind, event.actor == me else { return nil }
            return text
        }.first
        let ticket = NewTicket(title: Self.title(from: first, chat: chat), queue: service.settings.ticketFromChatQueue,
            state: Self.customerTicketState, priority: Self.customerTicketPriority, customerUser: customer.login,
            customerID: customer.customerID)
        let ref = try await backend.createTicket(ticket, articles: articles, by: agent, idempotencyKey: "chat-\(chatID.rawValue)-customer-ticket")
        do {
            _ = try await service.perform(chatID, by: me, commandID: commandID) { chat, actor in
                try TicketChatRules.linkByCustomer(chat, ticket: ref, by: actor)
            }
        } catch let refusal as ChatError {
            // a second click got there first, with the same ticket
            guard try await service.chat(chatID).ticketID == ref.id.rawValue else { throw refusal }
        }
        return ref
    }

    /// Who writes the ticket and its articles: the chat's agent, or, when no agent ever took the chat, the
    /// ticket system's user for customers' tickets (`ChatEngine::TicketFromChat::Owner`) with her name on
    /// articles that are hers (sender type customer), as a pre-ticket chat's description is.
    private func customerTicketArticles(_ chat: Chat, of customerID: CustomerUserID) async throws
        -> (writer: TicketAgent, articles: [NewArticle])
    {
        if let agentID = Self.writingAgent(of: chat) {
            let agent = try await ticketAgent(agentID)
            return (agent, try await transcriptArticles(chat, for: agent).articles)
        }
        let login = service.settings.ticketFromChatOwner
        guard let ownerRecord = try await service.store.agent(login: login), ownerRecord.isValid else {
            throw EngineError.refused("ChatEngine::TicketFromChat::Owner names no valid agent ('\(login)')")
        }
        var owner = try await ticketAgent(ownerRecord.id)
        let (articles, _) = try await transcriptArticles(chat, for: owner)
        owner.name = try await service.store.customerUser(id: customerID).map { "\($0.firstName) \($0.lastName)" } ?? owner.name
        return (owner, articles.map { article in
            var article = article
            article.senderType = .customer
            return article
        })
    }
}
