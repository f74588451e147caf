import ChatCore
import ChatEngine
import Hummingbird

/// `customer.pl?Action=CustomerTicketZoom;TicketID=N`: one of the customer user's tickets with only the articles
/// visible for the customer (the engine leaves out the rest); a chat transcript as a chat log.
/// `Subaction=Attachment;FileID=N` downloads an attachment of such an article.
enum CustomerTicketZoom: ChatAction {
    static let name = "CustomerTicketZoom"
    static let interface = Interface.customer
    static var pageSubactions: Set<String> { ["", "Attachment"] }
    static var isChatAction: Bool { false }

    static func page(_ request: ActionRequest) async throws -> Response {
        guard case .customer(let customer)? = request.caller.person else { throw WebError.noSession }
        let tickets = request.env.engine.tickets
        if request.subaction == "Attachment" {
            guard let file = AdminPage.int(request, "FileID"),
                let attachment = try await tickets.attachment(file, for: .customer(customer))
            else { return try await missing(request, "No such attachment.") }
            return AttachmentDownload.response(attachment)
        }
        guard let id = AdminPage.int(request, "TicketID"),
            let (ticket, articles) = try await tickets.customerZoom(TicketID(id), by: customer)
        else { return try await missing(request, "No such ticket.") }
        let values = TicketPresenter.customer.zoomValues(ticket, articles)
        return try await AdminPage.render(request, action: name, template: "customer-ticket-zoom",
            title: "Ticket#\(ticket.ref.number) — \(ticket.title)", values)
    }

    /// Someone else's ticket reads as one that does not exist.
    static func missing(_ request: ActionRequest, _ message: String) async throws -> Response {
        try await AdminPage.render(request, action: name, template: "customer-ticket-zoom", title: "Ticket", error: message,
            status: .notFound)
    }
}
