import ChatCore
import GenericInterface

/// What agents and customer users read: the service user's answers, filtered by the agent's permissions on
/// the queues' groups, or by the customer user's login.
extension GenericInterfaceTicketBackend {
    /// Tickets fetched per search at most (each hit is one TicketGet).
    static let searchFetchLimit = 50

    public func searchTickets(_ text: String, for agent: TicketAgent, writableOnly: Bool, limit: Int) async throws -> [Ticket] {
        // `*` is Znuny's wildcard: the agent's text is searched as such
        let text = String(text.replacingOccurrences(of: "*", with: " ").trimmingCharacters(in: .whitespaces).prefix(200))
        guard !text.isEmpty, limit > 0 else { return [] }
        // one criterion per TicketSearch, as captured: number, title, customer user
        var criteria: [GITicketSearch] = [.title("*\(text)*"), .customerUserLogin(text)]
        if text.allSatisfy({ $0.isASCII && $0.isNumber }) { criteria.insert(.ticketNumber(text), at: 0) }
        var ids: Set<Int64> = []
        for criterion in criteria { ids.formUnion(try await Self.engineErrors { try await client.searchTickets(criterion) }) }
        let allowed = try await queues().filter { writableOnly ? agent.mayWrite($0) : agent.maySee($0) }.map(\.name)
        var found: [Ticket] = []
        // the newest tickets have the highest IDs: fetch those first
        for id in ids.sorted(by: >).prefix(Self.searchFetchLimit) {
            guard let details = try await visible(id), allowed.contains(details.queue) else { continue }
            found.append(Self.ticket(details))
        }
        return Array(found.sorted { $0.changedAt > $1.changedAt }.prefix(min(limit, 500)))
    }

    public func ticket(_ id: TicketID, for agent: TicketAgent) async throws -> Ticket? {
        guard let details = try await visible(id.rawValue), let queue = try await queue(named: details.queue), agent.maySee(queue)
        else { return nil }
        return Self.ticket(details)
    }

    public func articles(of id: TicketID, for agent: TicketAgent) async throws -> [TicketArticle]? {
        guard let details = try await visible(id.rawValue, articles: true), let queue = try await queue(named: details.queue),
            agent.maySee(queue)
        else { return nil }
        return details.articles.map { Self.article($0, of: details.ticketID) }
    }

    public func tickets(of customer: TicketCustomer, limit: Int) async throws -> [Ticket] {
        guard !customer.login.isEmpty, limit > 0 else { return [] }
        let ids = try await Self.engineErrors { try await client.searchTickets(.customerUserLogin(customer.login)) }
        var found: [Ticket] = []
        for id in ids.sorted(by: >).prefix(min(limit, Self.searchFetchLimit)) {
            // the search may match another spelling of the login (MariaDB compares without case): theirs only
            guard let details = try await visible(id), details.customerUserID == customer.login else { continue }
            found.append(Self.ticket(details))
        }
        return found.sorted { $0.changedAt > $1.changedAt }
    }

    public func ticket(_ id: TicketID, for customer: TicketCustomer) async throws -> (Ticket, [TicketArticle])? {
        guard !customer.login.isEmpty, let details = try await visible(id.rawValue, articles: true),
            details.customerUserID == customer.login
        else { return nil }
        return (Self.ticket(details), details.articles.filter(\.isVisibleForCustomer).map { Self.article($0, of: details.ticketID) })
    }

    /// Znuny's files are found by ticket and article, not by a file ID alone: agents open them in the ticket
    /// system's own zoom (`agentLink`); ChatEngine's screens offer none.
    public func attachment(_ id: Int64, for viewer: TicketViewer) async throws -> TicketAttachment? { nil }
}
