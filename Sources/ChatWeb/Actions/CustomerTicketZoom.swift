import ChatCore
import ChatEngine
import Hummingbird

/// `customer.pl?Action=CustomerTicketZoom;TicketID=N`: one of the customer user's tickets with only the articles
/// visible for the customer (the engine leaves out the rest); a chat transcript as a chat log.
/// `Subaction=Attachment;FileID=N` downloads an attachment of such an article. The zoom offers a chat about the
/// ticket as `Ticket::Customer::StartChatFromTicket###*` allow; `Subaction=ChatStart` (POST, `TicketID`,
/// `Message`, `ChallengeToken`) sends the request, linked to the ticket, and goes to the chat screen.
enum CustomerTicketZoom: ChatAction {
    static let name = "CustomerTicketZoom"
    static let interface = Interface.customer
    static var pageSubactions: Set<String> { ["", "Attachment", "ChatStart"] }
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
        guard let id = AdminPage.int(request, "TicketID").map(TicketID.init) else { return try await missing(request, "No such ticket.") }
        if request.subaction == "ChatStart" {
            let message = request.params["Message"].map { String($0.prefix(FormParameters.maxMessageBytes)) }
            return try await TicketChatOfferPresenter.started(request, chatAction: CustomerChat.name, start: {
                _ = try await tickets.requestChat(aboutTicket: id, by: customer,
                    firstMessage: message?.isEmpty == false ? message : nil, commandID: nil)
            }, zoom: { error, status in try await zoom(request, id, customer: customer, error: error, status: status) })
        }
        return try await zoom(request, id, customer: customer)
    }

    static func zoom(_ request: ActionRequest, _ id: TicketID, customer: CustomerUserID, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let tickets = request.env.engine.tickets
        guard let (ticket, articles) = try await tickets.customerZoom(id, by: customer) else {
            return try await missing(request, "No such ticket.")
        }
        var values = TicketPresenter.customer.zoomValues(ticket, articles)
        values.merge(TicketChatOfferPresenter.values(try await tickets.customerChatOffer(id, by: customer), agent: false)) { $1 }
        return try await AdminPage.render(request, action: name, template: "customer-ticket-zoom",
            title: "Ticket#\(ticket.ref.number) — \(ticket.title)", values, error: error, status: status)
    }

    /// Someone else's ticket reads as one that does not exist.
    static func missing(_ request: ActionRequest, _ message: String) async throws -> Response {
        try await AdminPage.render(request, action: name, template: "customer-ticket-zoom", title: "Ticket", error: message,
            status: .notFound)
    }
}
