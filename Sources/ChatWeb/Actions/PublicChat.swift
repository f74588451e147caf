import ChatCore
import ChatEngine
import Hummingbird

/// `public.pl?Action=PublicChat`: chat without logging in. The visitor's identity is a token the page
/// holds (not a cookie), so the page also works in a frame on another site (`IsIframe=1`, the only
/// framable page). New requests are limited per IP (`ChatEngine::PublicInterface::MaxRequestsPerHourPerIP`).
enum PublicChat: ChatAction {
    static let name = "PublicChat"
    static let interface = Interface.public
    static var pageSubactions: Set<String> { ["", "ChatScreen"] }

    static func page(_ request: ActionRequest) async throws -> Response {
        let isIframe = request.params["IsIframe"] == "1"
        let context = try await PageContext.make(request, action: name, title: "Chat", isIframe: isIframe,
            settings: .object([("AllowChannels", .bool(request.env.settings.publicInterface.allowChatChannels))]
                + WaitingTexts.json(request.env.settings, isCustomer: false)))
        return request.env.pages.page("public-chat", context, framable: isIframe)
    }
}
