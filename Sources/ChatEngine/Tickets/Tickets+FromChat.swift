import ChatCore
import ChatStore
import Foundation

/// The chat widget's "Phone ticket" and "Append" (OTRS Business Solution): the chat's transcript becomes two
/// articles, what the customer saw (Phone, visible for the customer) and the full log (Internal), both with
/// sender type agent; then the chat is linked to the ticket and closes with a system message naming it.
///
/// Order of effects: the ticket is written first (with an idempotency key made from the chat), the chat
/// linked second. When the second step fails, the agent retries and the backend returns the first ticket
/// instead of writing another; when the first fails, the chat stays open and nothing was written.
extension Tickets {
    /// What the phone-ticket form offers and how it is prefilled from the chat.
    public struct PhoneTicketForm: Sendable, Equatable {
        public var options: TicketOptions
        /// The first message of the requester (or of anyone), shortened: OTRS's subject line.
        public var title: String
        /// A customer user requester's login, or a visitor's name.
        public var customerUser: String
        public var customerID: String
        /// Whether the requester is a customer user (else a visitor: free text, with an optional e-mail).
        public var isCustomerUser: Bool
    }

    /// The form as the agent submitted it.
    public struct PhoneTicketRequest: Sendable, Equatable {
        public var title: String
        public var queue: String
        public var state: String
        public var priority: String
        /// A customer user's login; for a visitor, their name (and `email`, when given).
        public var customerUser: String
        public var email: String?

        public init(title: String, queue: String, state: String, priority: String, customerUser: String, email: String? = nil) {
            self.title = title
            self.queue = queue
            self.state = state
            self.priority = priority
            self.customerUser = customerUser
            self.email = email
        }
    }

    /// A chat saved in a ticket: the ticket, where the agent opens it, and the chat's closing events.
    public struct ChatTicketOutcome: Sendable {
        public var ticket: TicketRef
        public var link: TicketLink
        public var chat: AppendResult
    }

    static let titleLimit = 250

    /// Whether the agent may create tickets in some queue (the widget offers Phone ticket and Append then).
    public func mayCreateTickets(_ agent: AgentID) async throws -> Bool {
        !(try await backend.options(for: ticketAgent(agent)).queues.isEmpty)
    }

    public func phoneTicketForm(_ chatID: ChatID, by agent: AgentID) async throws -> PhoneTicketForm {
        let chat = try await linkableChat(chatID, by: agent)
        let options = try await backend.options(for: ticketAgent(agent))
        guard !options.queues.isEmpty else { throw EngineError.refused("you may not create tickets in any queue") }
        let events = try await service.store.events(of: chatID, after: 0, limit: 200)
        let first = events.lazy.compactMap { event -> String? in
            guard case .message(let text, .everyone) = event.kind, event.actor == chat.requester else { return nil }
            return text
        }.first
        let customer = try await requesterAsCustomer(chat)
        return PhoneTicketForm(options: options, title: Self.title(from: first, chat: chat), customerUser: customer.user,
            customerID: customer.id, isCustomerUser: customer.isCustomerUser)
    }

    /// Creates a ticket from the chat (the agent owns it), then links and closes the chat.
    public func createPhoneTicket(from chatID: ChatID, _ request: PhoneTicketRequest, by agentID: AgentID, commandID: String?)
        async throws -> ChatTicketOutcome
    {
        if let resent = try await resent(chatID, commandID: commandID, by: agentID) { return resent }
        let chat = try await linkableChat(chatID, by: agentID)
        // a chat from a ticket has its ticket: a second one would be written and then refused the link
        guard chat.ticketID == nil else { throw ChatError.notPermitted("this chat is about a ticket already; append it there") }
        let agent = try await ticketAgent(agentID)
        let title = request.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw EngineError.refused("the ticket needs a title") }
        let customer = try await customerFields(request, isCustomerUser: try await requesterAsCustomer(chat).isCustomerUser)
        let ticket = NewTicket(title: String(title.prefix(Self.titleLimit)), queue: request.queue, state: request.state,
            priority: request.priority, customerUser: customer.user, customerID: customer.id)
        let (articles, upTo) = try await transcriptArticles(chat, for: agent)
        let ref = try await backend.createTicket(ticket, articles: articles, by: agent, idempotencyKey: Self.key(chatID))
        return try await link(chatID, to: ref, how: .created, transcriptUpTo: upTo, by: agent, commandID: commandID)
    }

    /// Adds the chat's transcript articles to a ticket the agent may write to, then links and closes the chat.
    public func appendChat(_ chatID: ChatID, to ticketID: TicketID, by agentID: AgentID, commandID: String?) async throws
        -> ChatTicketOutcome
    {
        if let resent = try await resent(chatID, commandID: commandID, by: agentID) { return resent }
        let chat = try await linkableChat(chatID, by: agentID)
        let agent = try await ticketAgent(agentID)
        let (articles, upTo) = try await transcriptArticles(chat, for: agent)
        let ref = try await backend.addArticles(articles, to: ticketID, by: agent, idempotencyKey: Self.key(chatID))
        // the key is the chat's: an earlier write of it (a lost answer) may have gone to another ticket
        guard ref.id == ticketID else { throw EngineError.refused("this chat is already saved in ticket #\(ref.number)") }
        return try await link(chatID, to: ref, how: .appended, transcriptUpTo: upTo, by: agent, commandID: commandID)
    }

    /// The chat, when this agent may save it in a ticket now (the rules' answer, before anything is written).
    func linkableChat(_ chatID: ChatID, by agent: AgentID) async throws -> Chat {
        let chat = try await service.chat(chatID)
        let actor = try await service.actor(for: .agent(agent))
        _ = try ChatRules.linkTicket(chat, ticket: TicketRef(id: TicketID(chat.ticketID ?? 0), number: ""), how: .created,
            by: actor)
        return chat
    }

    /// A command the agent sent before and that was recorded (its answer got lost): the same ticket again.
    private func resent(_ chatID: ChatID, commandID: String?, by agentID: AgentID) async throws -> ChatTicketOutcome? {
        guard let commandID, let seq = try await service.store.commandSeq(chat: chatID, commandID: commandID, sender: .agent(agentID))
        else { return nil }
        let chat = try await service.chat(chatID)
        guard let linked = chat.ticketID, let ticket = try await backend.ticket(TicketID(linked), for: ticketAgent(agentID)) else {
            return nil
        }
        return ChatTicketOutcome(ticket: ticket.ref, link: backend.agentLink(for: ticket.ref),
            chat: AppendResult(chat: chat, events: [], duplicateOf: seq))
    }

    /// One ticket write per chat: a retry (or another agent's try at the same time) finds the first one.
    static func key(_ chat: ChatID) -> String { "chat-\(chat.rawValue)-ticket" }

    /// Links and closes the chat. Messages written after the transcript was taken (while the ticket was being
    /// written) follow as one more pair of articles through the outbox, so the ticket loses none of them.
    private func link(_ chatID: ChatID, to ref: TicketRef, how: TicketLinkKind, transcriptUpTo seq: Int64, by agent: TicketAgent,
        commandID: String?) async throws -> ChatTicketOutcome
    {
        let result = try await service.perform(chatID, by: .agent(agent.id), commandID: commandID) { chat, actor in
            try ChatRules.linkTicket(chat, ticket: ref, how: how, by: actor)
        }
        if result.duplicateOf == nil, result.chat.lastSeq > seq + Int64(result.events.count) {
            let (late, _) = try await transcriptArticles(result.chat, for: agent, after: seq)
            _ = try await outbox.enqueueTicketArticles(late, to: ref.id, by: agent.id,
                idempotencyKey: "\(Self.key(chatID))-after-\(seq)")
        }
        return ChatTicketOutcome(ticket: ref, link: backend.agentLink(for: ref), chat: result)
    }

    /// What the customer saw (when a customer user or visitor took part) and the full log, as articles, of the
    /// events after `after`; with the last sequence number they include. `pending`: events about to be
    /// written with the articles' outbox item (a close), which end the transcript.
    func transcriptArticles(_ chat: Chat, for agent: TicketAgent, after: Int64 = 0, pending: [ChatEvent] = []) async throws
        -> (articles: [NewArticle], upTo: Int64)
    {
        var events: [ChatEvent] = []
        let storedUpTo = pending.first.map { $0.seq - 1 } ?? Int64.max
        while true {
            let page = try await service.store.events(of: chat.id, after: events.last?.seq ?? after, limit: 5000)
            events += page.filter { $0.seq <= storedUpTo }
            if page.count < 5000 { break }
        }
        events += pending
        let upTo = events.last?.seq ?? after
        let naming = try await service.naming(for: chat)
        let zone = try await service.preferences(of: agent.id).timeZone.flatMap(TimeZone.init(identifier:)) ?? .current
        func article(_ audience: Transcript.Audience) -> NewArticle {
            let transcript = Transcript.build(chat: chat, events: events, audience: audience, naming: naming)
            let forCustomer = audience == .customer
            let title = TranscriptText.title(transcript, timeZone: zone) + (after > 0 ? " (continued)" : "")
            return NewArticle(senderType: .agent, channel: forCustomer ? .phone : .internal, isVisibleForCustomer: forCustomer,
                subject: title + (forCustomer ? "" : " (full log)"),
                body: TranscriptText.render(transcript, timeZone: zone), chat: chat.id, transcript: transcript)
        }
        let full = article(.agent)
        guard !chat.isInternal else { return ([full], upTo) }
        return ([article(.customer), full], upTo)
    }

    /// The requester as the ticket's customer: a customer user's login and company, or a visitor's name.
    private func requesterAsCustomer(_ chat: Chat) async throws -> (user: String, id: String, isCustomerUser: Bool) {
        let person = chat.requester.isAgent ? (chat.target.person ?? chat.requester) : chat.requester
        switch person {
        case .customer(let id):
            guard let customer = try await service.store.customerUser(id: id) else { return ("", "", true) }
            return (customer.login, customer.customerID, true)
        case .visitor(let id):
            return (try await service.store.visitor(id: id)?.name ?? "", "", false)
        case .agent:
            return ("", "", false)
        }
    }

    /// The ticket's customer fields: for a customer user's chat, a known customer user by login (their company
    /// with them); else free text as OTRS keeps an unknown customer: `Name <e-mail>` or the name alone. A
    /// visitor's name is never taken for a login: a visitor calling himself "alice" must not file a ticket
    /// among Alice's.
    private func customerFields(_ request: PhoneTicketRequest, isCustomerUser: Bool) async throws -> (user: String, id: String) {
        let given = String(request.customerUser.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        if isCustomerUser, let customer = try await service.store.customerUser(login: given), customer.isValid {
            return (customer.login, customer.customerID)
        }
        let email = request.email.map { String($0.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200)) } ?? ""
        // quoted as a display name, so the free text never equals a customer user's login
        let name = given.replacingOccurrences(of: "\"", with: "")
        let quoted = name.isEmpty ? "" : "\"\(name)\""
        guard !email.isEmpty else { return (quoted, "") }
        // the directory's own check, and nothing that would break out of `"Name" <e-mail>`
        guard (try? DirectoryRules.checkEmail(email)) != nil, !email.contains(where: { "<>\"".contains($0) }) else {
            throw EngineError.refused("'\(email)' is not an e-mail address")
        }
        return (quoted.isEmpty ? email : "\(quoted) <\(email)>", email)
    }

    /// OTRS's phone ticket subject: the first message's first line, at most 60 characters, else "Chat 12".
    static func title(from message: String?, chat: Chat) -> String {
        let line = message?.split(whereSeparator: \.isNewline).first.map(String.init)?
            .trimmingCharacters(in: .whitespaces) ?? ""
        guard !line.isEmpty else { return "Chat \(chat.id.rawValue)" }
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }
}
