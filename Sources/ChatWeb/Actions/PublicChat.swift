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
        // no request could be made now: the page says so at once, in the operator's words, without the form
        let isOpen = try await request.service.requestsOpen(for: .visitor)
        var context = try await PageContext.make(request, action: name, title: "Chat", isIframe: isIframe,
            settings: .object([("AllowChannels", .bool(request.env.settings.publicInterface.allowChatChannels)),
                ("RequestsOpen", .bool(isOpen))] + WaitingTexts.json(request.env.settings, isCustomer: false)))
        context["Unavailable"] = !isOpen
        context["UnavailableText"] = request.env.settings.texts.publicNoAgentsAvailable
        return request.env.pages.page("public-chat", context, framable: isIframe)
    }
}
