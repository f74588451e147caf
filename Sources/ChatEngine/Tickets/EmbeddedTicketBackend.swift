import ChatCore
import ChatStore
import Foundation

/// ChatEngine's own ticket store (standalone, the default of `make run`). Agents see the tickets of queues
/// whose group they hold `ro` on and write with `rw` (`TicketAgent.maySee`/`mayWrite`); a customer user sees
/// the tickets whose `CustomerUserID` is their login. Ticket numbers are OTRS's date-checksum numbers with
/// `SystemID`.
public struct EmbeddedTicketBackend: TicketBackend {
    let store: any ChatStoreProtocol
    let systemID: @Sendable () -> String
    let clock: @Sendable () -> Date

    public init(store: any ChatStoreProtocol, systemID: @escaping @Sendable () -> String = { "10" },
        clock: @escaping @Sendable () -> Date = { Date() })
    {
        self.store = store
        self.systemID = systemID
        self.clock = clock
    }

    /// OTRS's phone-ticket screen offers these state types (no pending states: the form has no pending time).
    static let offeredStateTypes: Set<String> = ["open", "closed"]

    public func options(for agent: TicketAgent) async throws -> TicketOptions {
        let queues = try await store.queues().filter { $0.isValid && agent.mayWrite($0) }
        let states = try await store.ticketStates().filter { $0.isValid && Self.offeredStateTypes.contains($0.type) }.map(\.name)
        let priorities = try await store.ticketPriorities()
        return TicketOptions(queues: queues, states: states, priorities: priorities,
            defaultState: states.contains("open") ? "open" : states.first ?? "",
            defaultPriority: priorities.contains("3 normal") ? "3 normal" : priorities.first ?? "")
    }

    public func createTicket(_ ticket: NewTicket, articles: [NewArticle], by agent: TicketAgent, idempotencyKey: String)
        async throws -> TicketRef
    {
        let key = try TicketLimits.key(idempotencyKey)
        if let done = try await store.ticketWrite(idempotencyKey: key) { return done }
        let ticket = try TicketLimits.checked(ticket)
        try TicketLimits.check(articles)
        guard let queue = try await store.queues().first(where: { $0.name == ticket.queue }) else {
            throw EngineError.notFound("queue '\(ticket.queue)'")
        }
        guard queue.isValid else { throw EngineError.refused("the queue '\(queue.name)' is invalid: new tickets cannot go there") }
        guard agent.mayWrite(queue) else {
            throw EngineError.refused("\(agent.login) may not create tickets in the queue '\(queue.name)' (needs rw on \(queue.group))")
        }
        guard let state = try await store.ticketStates().first(where: { $0.isValid && $0.name == ticket.state }) else {
            throw EngineError.notFound("state '\(ticket.state)'")
        }
        // a new ticket is new, open or closed: pending states need a time, merged and removed are no start
        guard Self.offeredStateTypes.contains(state.type) || state.type == "new" else {
            throw EngineError.refused("a new ticket cannot start in the state '\(state.name)'")
        }
        guard try await store.ticketPriorities().contains(ticket.priority) else {
            throw EngineError.notFound("priority '\(ticket.priority)'")
        }
        let systemID = systemID()
        guard !systemID.isEmpty, systemID.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw EngineError.refused("SystemID must be digits, not '\(systemID)'")
        }
        return try await engineErrors {
            try await store.createTicket(TicketCreation(ticket: ticket, articles: articles,
                author: TicketAuthor(id: agent.id, name: agent.name), systemID: systemID, idempotencyKey: key, now: clock()))
        }
    }

    public func addArticles(_ articles: [NewArticle], to ticket: TicketID, by agent: TicketAgent, idempotencyKey: String)
        async throws -> TicketRef
    {
        let key = try TicketLimits.key(idempotencyKey)
        if let done = try await store.ticketWrite(idempotencyKey: key) { return done }
        try TicketLimits.check(articles)
        // a ticket the agent may not even see is one they are not told exists
        guard let found = try await store.ticket(id: ticket), let queue = try await queue(named: found.queue), agent.maySee(queue)
        else { throw EngineError.notFound("ticket \(ticket.rawValue)") }
        guard agent.mayWrite(queue) else {
            throw EngineError.refused("\(agent.login) may not write to ticket \(found.ref.number) (needs rw on \(queue.group))")
        }
        return try await engineErrors {
            try await store.addArticles(articles, to: ticket, author: TicketAuthor(id: agent.id, name: agent.name),
                idempotencyKey: key, now: clock())
        }
    }

    public func searchTickets(_ text: String, for agent: TicketAgent, writableOnly: Bool, limit: Int) async throws -> [Ticket] {
        let queues = try await store.queues().filter { writableOnly ? agent.mayWrite($0) : agent.maySee($0) }.map(\.id)
        return try await store.searchTickets(String(text.prefix(200)), inQueues: queues, limit: min(max(limit, 0), 500))
    }

    public func ticket(_ id: TicketID, for agent: TicketAgent) async throws -> Ticket? {
        guard let ticket = try await store.ticket(id: id), let queue = try await queue(named: ticket.queue), agent.maySee(queue)
        else { return nil }
        return ticket
    }

    public func articles(of id: TicketID, for agent: TicketAgent) async throws -> [TicketArticle]? {
        guard try await ticket(id, for: agent) != nil else { return nil }
        return try await store.articles(of: id)
    }

    public func tickets(of customer: TicketCustomer, limit: Int) async throws -> [Ticket] {
        guard !customer.login.isEmpty else { return [] }
        return try await store.tickets(customerUser: customer.login, limit: min(max(limit, 0), 500))
    }

    public func ticket(_ id: TicketID, for customer: TicketCustomer) async throws -> (Ticket, [TicketArticle])? {
        guard !customer.login.isEmpty, let ticket = try await store.ticket(id: id), ticket.customerUser == customer.login
        else { return nil }
        return (ticket, try await store.articles(of: id).filter(\.isVisibleForCustomer))
    }

    public func attachment(_ id: Int64, for viewer: TicketViewer) async throws -> TicketAttachment? {
        guard let stored = try await store.attachment(id: id) else { return nil }
        switch viewer {
        case .agent(let agent):
            guard try await ticket(stored.ticket, for: agent) != nil else { return nil }
        case .customer(let customer):
            guard stored.isVisibleForCustomer, try await ticket(stored.ticket, for: customer) != nil else { return nil }
        }
        return stored.attachment
    }

    public func agentLink(for ticket: TicketRef) -> TicketLink { .agentTicketZoom(ticket.id) }

    private func queue(named name: String) async throws -> TicketQueue? {
        try await store.queues().first { $0.name == name }
    }

    /// The store's refusals in the engine's terms (the web layer shows their message).
    private func engineErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw EngineError.classify(error) ?? error
        }
    }
}
