import ChatCore
import ChatEngine
import Hummingbird

/// `customer.pl?Action=CustomerTicketOverview`: the customer user's own tickets (their login as the ticket's
/// customer user), most recently changed first, each linking to CustomerTicketZoom.
enum CustomerTicketOverview: ChatAction {
    static let name = "CustomerTicketOverview"
    static let interface = Interface.customer
    static var isChatAction: Bool { false }

    static func page(_ request: ActionRequest) async throws -> Response {
        guard case .customer(let customer)? = request.caller.person else { throw WebError.noSession }
        let presenter = TicketPresenter.customer
        var values = presenter.pageValues
        do {
            let tickets = try await request.env.engine.tickets.customerTickets(of: customer)
            values["Tickets"] = tickets.map(presenter.row)
            values["HasTickets"] = !tickets.isEmpty
            return try await AdminPage.render(request, action: name, template: "customer-ticket-overview", title: "My tickets", values)
        } catch {
            return try await AdminPage.render(request, action: name, template: "customer-ticket-overview", title: "My tickets",
                values, error: AdminPage.readable(error), status: AdminPage.status(of: error))
        }
    }
}
