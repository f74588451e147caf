import ChatCore
import ChatEngine
import Hummingbird

/// `customer.pl?Action=CustomerChat`: a customer user's new conversation, agents' requests to accept or
/// decline, the chat, and their own chats with history (Subactions: `CommandDecoder.customerChat`).
enum CustomerChat: ChatAction {
    static let name = "CustomerChat"
    static let interface = Interface.customer
    static var pageSubactions: Set<String> { ["", "ChatScreen"] }

    static func page(_ request: ActionRequest) async throws -> Response {
        let settings = request.env.settings
        // the new conversation is offered when it may start: not about a ticket (StartChatWOTicket), or as a
        // pre-ticket chat, which makes its ticket first
        let newChat = request.service.offersChatWithoutTicket(to: try request.person()) || request.env.engine.tickets.preTicketChat
        var context = try await PageContext.make(request, action: name, title: "Chat",
            chatID: request.params["ChatID"].flatMap { Int64($0) },
            settings: .object([("AllowChannels", .bool(settings.customerInterface.allowChatChannels)), ("NewChat", .bool(newChat))]
                + WaitingTexts.json(settings, isCustomer: true)))
        context.merge(LanguageChooser.values(request)) { _, chooser in chooser }
        return request.env.pages.page("customer-chat", context)
    }
}
