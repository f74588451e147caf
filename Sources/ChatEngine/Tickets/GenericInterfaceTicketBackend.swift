import ChatCore
import Foundation
import GenericInterface

/// Tickets in the ticket system the operator already runs (Znuny 6/7, OTRS 6/7, OTOBO), written through its
/// GenericInterface as one service user. The service user may see more than ChatEngine's agent: what an
/// agent may search, see and create follows that agent's own permissions on the queues' groups, read from the
/// ticket system's database (`queues`), and everything the service user gets back is filtered by them.
/// Writes carry a `[Chat#…]` marker made from the idempotency key, so a retry after a lost answer finds the
/// earlier write instead of making a second ticket or article (`GenericInterfaceClient+Once`).
public struct GenericInterfaceTicketBackend: TicketBackend {
    /// Where the ticket system's own screens are: `HttpType`, `FQDN`, `ScriptAlias`.
    public struct ZoomPlace: Sendable, Equatable {
        public var httpType: String
        public var fqdn: String
        public var scriptAlias: String

        public init(httpType: String, fqdn: String, scriptAlias: String) {
            self.httpType = httpType
            self.fqdn = fqdn
            self.scriptAlias = scriptAlias
        }
    }

    let client: GenericInterfaceClient
    let queues: @Sendable () async throws -> [TicketQueue]
    let zoom: ZoomPlace
    /// A Znuny on MySQL/MariaDB (utf8mb3) replaces characters beyond U+FFFF with U+FFFD: the exact text then
    /// goes along as an attached file.
    let storesOnlyUTF8MB3: Bool

    public init(client: GenericInterfaceClient, queues: @escaping @Sendable () async throws -> [TicketQueue], zoom: ZoomPlace,
        storesOnlyUTF8MB3: Bool)
    {
        self.client = client
        self.queues = queues
        self.zoom = zoom
        self.storesOnlyUTF8MB3 = storesOnlyUTF8MB3
    }

    /// A stock Znuny's states and priorities; the GenericInterface has no call that lists them (a renamed one
    /// is refused by Znuny with its message). No pending states: the phone-ticket form has no pending time.
    static let states = ["open", "closed successful", "closed unsuccessful"]
    /// Of `states`, the ones of Znuny's state type `closed`.
    static func isClosed(_ state: String) -> Bool { state.hasPrefix("closed") }
    static let priorities = ["1 very low", "2 low", "3 normal", "4 high", "5 very high"]

    public func options(for agent: TicketAgent) async throws -> TicketOptions {
        let writable = try await queues().filter { $0.isValid && agent.mayWrite($0) }
        return TicketOptions(queues: writable, states: Self.states, priorities: Self.priorities, defaultState: "open",
            defaultPriority: "3 normal")
    }

    public func createTicket(_ ticket: NewTicket, articles: [NewArticle], by agent: TicketAgent, idempotencyKey: String)
        async throws -> TicketRef
    {
        let marker = try Self.marker(idempotencyKey)
        let ticket = try TicketLimits.checked(ticket)
        try TicketLimits.check(articles)
        guard let queue = try await queues().first(where: { $0.name == ticket.queue }) else {
            throw EngineError.notFound("queue '\(ticket.queue)'")
        }
        guard queue.isValid else { throw EngineError.refused("the queue '\(queue.name)' is invalid: new tickets cannot go there") }
        guard agent.mayWrite(queue) else {
            throw EngineError.refused("\(agent.login) may not create tickets in the queue '\(queue.name)' (needs rw on \(queue.group))")
        }
        // the agent owns the ticket in the ticket system (Znuny then locks it, as its phone screen does; a closed
        // one it would leave locked, so it goes unlocked as that screen leaves it)
        let fields = GITicketFields(title: ticket.title, queue: ticket.queue, state: ticket.state, priority: ticket.priority,
            customerUser: try Self.customerUser(ticket.customerUser), customerID: ticket.customerID, owner: agent.login,
            lock: Self.isClosed(ticket.state) ? .unlock : nil)
        let (first, files) = gi(articles[0], by: agent, creating: true)
        let written = try await Self.engineErrors {
            try await client.createTicketOnce(fields, article: first, attachments: files, marker: marker)
        }
        // the further articles each have their own marker, so a retry writes only those still missing
        try await addRest(Array(articles.dropFirst()), to: written.ticketID, by: agent, marker: marker, from: 2)
        return TicketRef(id: TicketID(written.ticketID), number: written.ticketNumber)
    }

    public func addArticles(_ articles: [NewArticle], to ticket: TicketID, by agent: TicketAgent, idempotencyKey: String)
        async throws -> TicketRef
    {
        let marker = try Self.marker(idempotencyKey)
        try TicketLimits.check(articles)
        // a ticket the agent may not even see is one they are not told exists
        guard let found = try await visible(ticket.rawValue), let queue = try await queue(named: found.queue), agent.maySee(queue)
        else { throw EngineError.notFound("ticket \(ticket.rawValue)") }
        guard agent.mayWrite(queue) else {
            throw EngineError.refused("\(agent.login) may not write to ticket \(found.ticketNumber) (needs rw on \(queue.group))")
        }
        try await addRest(articles, to: found.ticketID, by: agent, marker: marker, from: 1)
        return TicketRef(id: ticket, number: found.ticketNumber)
    }

    /// Article n (counting from `from`) is marked `[Chat#key]` for n = 1 and `[Chat#key.n]` after.
    private func addRest(_ articles: [NewArticle], to ticketID: Int64, by agent: TicketAgent, marker: ChatMarker, from: Int)
        async throws
    {
        for (offset, article) in articles.enumerated() {
            let number = from + offset
            let mark = number == 1 ? marker : try Self.engineErrors { try ChatMarker("\(marker.reference).\(number)") }
            let (fields, files) = gi(article, by: agent, creating: false)
            _ = try await Self.engineErrors {
                try await client.addArticleOnce(fields, attachments: files, to: ticketID, marker: mark)
            }
        }
    }

    /// Znuny takes a customer user's login or a bare e-mail address: a visitor's `"Name" <e-mail>` goes as the
    /// e-mail; a name alone is refused here, with a message the agent can act on, rather than by Znuny.
    static func customerUser(_ text: String) throws -> String {
        guard text.hasPrefix("\"") else { return text }
        guard text.hasSuffix(">"), let open = text.lastIndex(of: "<") else {
            throw EngineError.refused("the ticket system needs a customer user or an e-mail address for the ticket")
        }
        return String(text[text.index(after: open)..<text.index(before: text.endIndex)])
    }

    public func agentLink(for ticket: TicketRef) -> TicketLink {
        .url(ZnunyZoomLink.agentTicketZoom(httpType: zoom.httpType, fqdn: zoom.fqdn, scriptAlias: zoom.scriptAlias,
            ticketID: ticket.id.rawValue))
    }

    func queue(named name: String) async throws -> TicketQueue? {
        try await queues().first { $0.name == name }
    }
}
