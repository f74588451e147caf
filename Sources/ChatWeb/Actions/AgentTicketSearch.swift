import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AgentTicketSearch` (OTRS's ticket search, reduced to one box): tickets whose number, title
/// or customer user contains the text, only of queues the agent may see (`ro` on the queue's group); without
/// a text, the most recently changed ones.
enum AgentTicketSearch: ChatAction {
    static let name = "AgentTicketSearch"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { ["", "Search"] }
    static var isChatAction: Bool { false }
    /// Results on one page (the backend's order: most recently changed first).
    static let limit = 50

    static func page(_ request: ActionRequest) async throws -> Response {
        let agent = try request.agent()
        let text = AdminPage.text(request, "Fulltext", limit: 200).trimmingCharacters(in: .whitespacesAndNewlines)
        let presenter = try await TicketPresenter.agent(request)
        var values = presenter.pageValues
        values["Fulltext"] = text
        values["Searched"] = !text.isEmpty
        do {
            let tickets = try await request.env.engine.tickets.search(text, by: agent, limit: limit)
            values["Tickets"] = tickets.map(presenter.row)
            values["HasTickets"] = !tickets.isEmpty
            values["Count"] = tickets.count
            values["IsOne"] = tickets.count == 1
            values["MoreThanShown"] = tickets.count >= limit
            values["Limit"] = limit
            return try await AdminPage.render(request, action: name, template: "agent-ticket-search", title: "Ticket search", values)
        } catch {
            return try await AdminPage.render(request, action: name, template: "agent-ticket-search", title: "Ticket search", values,
                error: AdminPage.readable(error), status: AdminPage.status(of: error))
        }
    }
}
