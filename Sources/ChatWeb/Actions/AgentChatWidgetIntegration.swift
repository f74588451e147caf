import ChatCore
import ChatEngine
import ChatJSON
import Hummingbird

/// `index.pl?Action=AgentChatWidgetIntegration` (admins, from the chat manager as OTRS places its "chat
/// integration" button): the website widget's snippet generator with three tabs, Configuration, Integration Code and
/// Preview. Nothing is saved (as in OTRS): the page's script (`widget-integration.js`) turns the fields into the
/// snippet; `Subaction=Preview` is a stand-in website with the real loader that reads the options from its `#…`.
/// Both are GET pages that change nothing.
enum AgentChatWidgetIntegration: ChatAction {
    static let name = "AgentChatWidgetIntegration"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { ["", "Preview"] }
    static var isChatAction: Bool { false }

    static func page(_ request: ActionRequest) async throws -> Response {
        if request.subaction == "Preview" { return preview(request) }
        let channels = try await request.env.engine.administration.channelOverview().filter { $0.channel.isValid }
        let settings: JSON = [
            "WebPath": .string(request.env.pages.webPath),
            "Channels": .array(channels.map { row in
                ["ID": .int(row.channel.id.rawValue), "Name": .string(row.channel.name), "IsDefault": .bool(row.isDefault)]
            }),
        ]
        var context = try await PageContext.make(request, action: name, title: "Chat integration", settings: settings)
        context["Channels"] = channels.map { ["Name": $0.channel.name, "IsDefault": $0.isDefault] }
        return request.env.pages.page("agent-chat-widget-integration", context)
    }

    /// The preview's stand-in website. Unlike ChatEngine's own pages it lets the loader style its elements inline,
    /// as a customer's website would; scripts still come only from ChatEngine.
    static func preview(_ request: ActionRequest) -> Response {
        let context: [String: Any] = ["Title": "Chat widget preview", "Script": request.caller.interface.script]
        var response = request.env.pages.page("agent-chat-widget-preview", context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; form-action 'none'; base-uri 'none'"
        return response
    }
}
