import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AgentTicketZoom;TicketID=N`: the ticket's fields and all its articles, oldest first; a chat
/// transcript article as a chat log. `Subaction=Attachment;FileID=N` downloads an attachment. A ticket the
/// agent may not see (no `ro` on its queue's group) answers as one that does not exist. The zoom offers a chat
/// with the ticket's customer user as `Ticket::Agent::StartChatFromTicket###*` allow; `Subaction=ChatStart`
/// (POST, `TicketID`, `Message`, `ChallengeToken`) sends the request, linked to the ticket, and goes to the chat
/// manager.
enum AgentTicketZoom: ChatAction {
    static let name = "AgentTicketZoom"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { ["", "Attachment", "ChatStart"] }
    static var isChatAction: Bool { false }

    static func page(_ request: ActionRequest) async throws -> Response {
        let agent = try request.agent()
        let tickets = request.env.engine.tickets
        if request.subaction == "Attachment" {
            guard let file = AdminPage.int(request, "FileID"),
                let attachment = try await tickets.attachment(file, for: .agent(agent))
            else { return try await missing(request, "No such attachment, or you may not see it.") }
            return AttachmentDownload.response(attachment)
        }
        guard let id = AdminPage.int(request, "TicketID").map(TicketID.init) else {
            return try await missing(request, "No such ticket, or you may not see it.")
        }
        if request.subaction == "ChatStart" {
            let message = String((request.params["Message"] ?? "").prefix(FormParameters.maxMessageBytes))
            return try await TicketChatOfferPresenter.started(request, chatAction: AgentChat.name, start: {
                _ = try await tickets.startChat(fromTicket: id, by: agent, firstMessage: message, commandID: nil)
            }, zoom: { error, status in try await zoom(request, id, error: error, status: status) })
        }
        return try await zoom(request, id)
    }

    static func zoom(_ request: ActionRequest, _ id: TicketID, error: String? = nil, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let agent = try request.agent()
        let tickets = request.env.engine.tickets
        guard let (ticket, articles) = try await tickets.zoom(id, by: agent) else {
            return try await missing(request, "No such ticket, or you may not see it.")
        }
        var values = try await TicketPresenter.agent(request).zoomValues(ticket, articles)
        values.merge(TicketChatOfferPresenter.values(try await tickets.agentChatOffer(id, by: agent), agent: true)) { $1 }
        return try await AdminPage.render(request, action: name, template: "agent-ticket-zoom",
            title: "Ticket#\(ticket.ref.number) — \(ticket.title)", values, error: error, status: status)
    }

    /// Not found and not permitted read the same: which ticket IDs exist is not for everyone to learn.
    static func missing(_ request: ActionRequest, _ message: String) async throws -> Response {
        try await AdminPage.render(request, action: name, template: "agent-ticket-zoom", title: "Ticket", error: message,
            status: .notFound)
    }
}
