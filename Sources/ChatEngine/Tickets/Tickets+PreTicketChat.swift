import ChatCore
import ChatStore
import Foundation

/// Pre-ticket chat (DeskDirector), switched on by `ChatEngine::PreTicketChat`: a customer user's new chat
/// request is their short description of the problem; a ticket is made of it behind the scenes (theirs, in
/// `ChatEngine::TicketFromChat::Queue`, owned by `ChatEngine::TicketFromChat::Owner` as OTRS gives customers'
/// new tickets to its system user, the description as the customer's article) and the chat starts linked to
/// it, so its log goes there when it ends (`Tickets+AppendOnClose`).
extension Tickets {
    public var preTicketChat: Bool { service.settings.preTicketChat }

    /// The ticket, then the request linked to it. The ticket is written once per request (its key is the
    /// request's command ID): a resend finds the first ticket and the first chat.
    public func requestPreTicketChat(by customerID: CustomerUserID, description: String?, commandID: String?) async throws
        -> AppendResult
    {
        let text = (description ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw EngineError.refused("please describe your problem in a few words") }
        // what the request itself would refuse (no agents, a request waiting), before any ticket is written
        let channel = try await service.requestedChannel(nil, by: .customer)
        if service.settings.customerInterface.availabilityCheck, !(try await service.isStaffed(channel)) {
            throw ChatError.channelNotStaffed(channel.name)
        }
        if try await service.store.openChats(of: .customer(customerID)).contains(where: { $0.state == .request }) {
            if commandID == nil { throw ChatError.requestAlreadyWaiting }
        }
        let customer = try await ticketCustomer(customerID)
        let settings = service.settings
        guard let ownerRecord = try await service.store.agent(login: settings.ticketFromChatOwner), ownerRecord.isValid else {
            throw EngineError.refused("ChatEngine::TicketFromChat::Owner names no valid agent ('\(settings.ticketFromChatOwner)')")
        }
        // the ticket system's system user writes; the article is the customer user's, under their name
        var owner = try await ticketAgent(ownerRecord.id)
        owner.name = try await service.store.customerUser(id: customerID).map { "\($0.firstName) \($0.lastName)" }
            ?? customer.login
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
        let ticket = NewTicket(title: line.count > 60 ? String(line.prefix(59)) + "…" : line, queue: settings.ticketFromChatQueue,
            state: Self.customerTicketState, priority: Self.customerTicketPriority, customerUser: customer.login,
            customerID: customer.customerID)
        let article = NewArticle(senderType: .customer, channel: .internal, isVisibleForCustomer: true, subject: ticket.title,
            body: String(text.prefix(100_000)))
        let key = "pre-ticket-\(customer.login)-\(commandID ?? UUID().uuidString)"
        let ref = try await backend.createTicket(ticket, articles: [article], by: owner, idempotencyKey: key)
        return try await service.requestChat(by: .customer(customerID), channel: nil, firstMessage: text, commandID: commandID,
            about: ref)
    }
}
