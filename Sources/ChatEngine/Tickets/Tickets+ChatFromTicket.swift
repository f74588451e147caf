import ChatCore
import ChatStore
import Foundation

/// Chats that start from a ticket: the agent's ticket zoom offers a chat with the ticket's customer user
/// (OTRS Business Solution: "create a chat from the ticket zoom"), the customer's ticket zoom a chat about
/// the ticket; both as `Ticket::*::StartChatFromTicket###*` allow. The chat is linked to the ticket from
/// its first event (`.ticketLinked(how: .fromTicket)`); when it ends, its log goes to the ticket
/// (`Tickets+AppendOnClose`).
extension Tickets {
    /// Whether the zoom offers the chat: the customer user to chat with, or why not.
    public struct ChatFromTicketOffer: Sendable, Equatable {
        public var ticket: TicketRef
        public var customerLogin: String
        /// Nil when the chat is offered.
        public var refusal: ChatError?
        public var isOffered: Bool { refusal == nil }
    }

    public var ticketChatPolicy: TicketChatPolicy { TicketChatPolicy(service.settings.ticketChat) }

    /// What the agent's zoom of this ticket offers (nil: no such ticket, or the agent may not see it).
    public func agentChatOffer(_ id: TicketID, by agentID: AgentID) async throws -> ChatFromTicketOffer? {
        let agent = try await ticketAgent(agentID)
        guard let ticket = try await backend.ticket(id, for: agent) else { return nil }
        let customer = try await service.store.customerUser(login: ticket.customerUser)
        let known = customer.map(\.isValid) ?? false
        let online: Bool
        if let customer, known {
            online = await service.currentPresence(of: .customer(customer.id)) != .offline
        } else {
            online = false
        }
        // write permission only when the settings ask for it (one more call to the backend)
        let mayWrite = ticketChatPolicy.agentNeedsWrite
            ? try await backend.options(for: agent).queues.contains { $0.name == ticket.queue } : true
        let facts = TicketChatRules.AgentFacts(mayWrite: mayWrite, lockedByAgent: ticket.isLocked && ticket.owner == agent.login,
            customerIsKnown: known, customerOnline: online, agentAvailability: try await service.agentContext(agentID).availability)
        do {
            try TicketChatRules.agentMayStart(facts, policy: ticketChatPolicy)
            return ChatFromTicketOffer(ticket: ticket.ref, customerLogin: ticket.customerUser, refusal: nil)
        } catch {
            return ChatFromTicketOffer(ticket: ticket.ref, customerLogin: ticket.customerUser, refusal: error)
        }
    }

    /// The agent's chat request to the ticket's customer user, linked to the ticket from the start.
    public func startChat(fromTicket id: TicketID, by agent: AgentID, firstMessage: String, commandID: String?) async throws
        -> AppendResult
    {
        guard let offer = try await agentChatOffer(id, by: agent) else { throw EngineError.notFound("ticket \(id.rawValue)") }
        if let refusal = offer.refusal { throw refusal }
        return try await service.startChat(by: agent, with: .customer(login: offer.customerLogin), firstMessage: firstMessage,
            commandID: commandID, about: offer.ticket)
    }

    /// What the customer user's zoom of this ticket offers (nil: not a ticket of theirs).
    public func customerChatOffer(_ id: TicketID, by customerID: CustomerUserID) async throws -> ChatFromTicketOffer? {
        let customer = try await ticketCustomer(customerID)
        guard let (ticket, _) = try await backend.ticket(id, for: customer) else { return nil }
        let staffed = try await service.isStaffed(try await service.requestedChannel(nil, by: .customer))
        let facts = TicketChatRules.CustomerFacts(isOwnTicket: ticket.customerUser == customer.login, agentsAvailable: staffed)
        do {
            try TicketChatRules.customerMayStart(facts, policy: ticketChatPolicy)
            return ChatFromTicketOffer(ticket: ticket.ref, customerLogin: customer.login, refusal: nil)
        } catch {
            return ChatFromTicketOffer(ticket: ticket.ref, customerLogin: customer.login, refusal: error)
        }
    }

    /// The customer user's chat request about one of their tickets, linked to it from the start.
    public func requestChat(aboutTicket id: TicketID, by customer: CustomerUserID, firstMessage: String?, commandID: String?)
        async throws -> AppendResult
    {
        guard let offer = try await customerChatOffer(id, by: customer) else { throw EngineError.notFound("ticket \(id.rawValue)") }
        if let refusal = offer.refusal { throw refusal }
        return try await service.requestChat(by: .customer(customer), channel: nil, firstMessage: firstMessage,
            commandID: commandID, about: offer.ticket)
    }
}
