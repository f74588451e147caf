import ChatCore
import ChatEngine
import Hummingbird

/// The ticket zooms' "Chat with customer" (agents) and "Chat about this ticket" (customer users): the
/// offer as the engine decides it, and the form's answer. Starting posts `Subaction=ChatStart` to the zoom
/// itself (with the challenge token) and goes on to the chat screen.
enum TicketChatOfferPresenter {
    /// The `ChatOffer` values of the partial `ticket-chat-offer` (absent when switched off: no box at all).
    static func values(_ offer: Tickets.ChatFromTicketOffer?, agent: Bool) -> [String: Any] {
        guard let offer, offer.refusal != .notPermitted("chats from tickets are switched off"),
            offer.refusal != .notPermitted("chats about tickets are switched off")
        else { return [:] }
        var values: [String: Any] = [
            "TicketID": offer.ticket.id.rawValue, "Offered": offer.isOffered, "MessageRequired": agent,
            "Label": agent ? "Chat with \(offer.customerLogin)" : "Chat about this ticket",
        ]
        if let refusal = offer.refusal { values["Refusal"] = refusal.description }
        return ["ChatOffer": values]
    }

    /// The chat screen after a started chat, or the zoom again with the refusal.
    static func started(_ request: ActionRequest, chatAction: String, start: () async throws -> Void,
        zoom: (_ error: String, _ status: HTTPResponse.Status) async throws -> Response) async throws -> Response
    {
        if let refusal = AdminPage.refusal(request) { return try await zoom(refusal.message, refusal.status) }
        do {
            try await start()
        } catch {
            if let rule = error as? ChatError { return try await zoom(rule.description, .forbidden) }
            return try await zoom(AdminPage.readable(error), AdminPage.status(of: error))
        }
        return OTRSFrontend.redirect("\(request.caller.interface.script)?Action=\(chatAction)")
    }
}
