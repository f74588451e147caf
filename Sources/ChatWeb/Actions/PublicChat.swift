import ChatCore
import ChatEngine
import Hummingbird

/// `public.pl?Action=PublicChat`: chat without logging in. The visitor's identity is a token the page
/// holds (not a cookie), so the page also works in a frame on another site (`IsIframe=1`, the only
/// framable page). New requests are limited per IP (`ChatEngine::PublicInterface::MaxRequestsPerHourPerIP`).
/// `Subaction=ChatDownload;ChatID=N` (POST, with the `VisitorToken`, never in a URL) is the visitor's own chat as
/// a PDF, also after it closed, until `ChatEngine::ChatTTL` removes it.
enum PublicChat: ChatAction {
    static let name = "PublicChat"
    static let interface = Interface.public
    static var pageSubactions: Set<String> { ["", "ChatScreen", "ChatDownload", PublicChatWidget.bindSubaction] }

    static func page(_ request: ActionRequest) async throws -> Response {
        if request.subaction == "ChatDownload" {
            guard request.isPost else { throw WebError("BadRequest", .methodNotAllowed, "This Subaction needs a POST.") }
            return try await AgentChatDownload.download(request, for: try request.person())
        }
        if request.subaction == PublicChatWidget.bindSubaction { return await PublicChatWidget.bind(request) }
        let isIframe = request.params["IsIframe"] == "1"
        // no request could be made now: the page says so at once, in the operator's words, without the form
        let isOpen = try await request.service.requestsOpen(for: .visitor)
        var context = try await PageContext.make(request, action: name, title: "Chat", isIframe: isIframe,
            settings: .object([("AllowChannels", .bool(request.env.settings.publicInterface.allowChatChannels)),
                ("RequestsOpen", .bool(isOpen))] + PublicChatWidget.settings(request) + WaitingTexts.json(request.env.settings, isCustomer: false)))
        context["Unavailable"] = !isOpen
        context["Widget"] = isIframe && request.params["Widget"] == "1"
        context["UnavailableText"] = request.language(request.env.settings.texts.publicNoAgentsAvailable)
        return request.env.pages.page("public-chat", context, framable: isIframe)
    }
}
