import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AgentChatPopup;ChatID=…`: one chat in its own window, next to the chat manager; its
/// Subactions are the chat manager's.
enum AgentChatPopup: ChatAction {
    static let name = "AgentChatPopup"
    static let interface = Interface.agent
    static var alsoNeeds: [any ChatAction.Type] { [AgentChat.self] }

    static func page(_ request: ActionRequest) async throws -> Response {
        let chatID = try request.params.chatID()
        _ = try await request.service.readableChat(chatID, by: try request.person())
        let context = try await PageContext.make(request, action: name, title: "Chat \(chatID.rawValue)",
            chatID: chatID.rawValue)
        return request.env.pages.page("agent-chat-popup", context)
    }
}
