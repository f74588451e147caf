import ChatCore
import ChatEngine
import Hummingbird

/// The chat manager (`index.pl?Action=AgentChat`): request lists, active chats, the chat widget, the
/// availability switch, people online and closed chats. Its Subactions keep OTRS's names (see
/// `CommandDecoder.agentChat`).
enum AgentChat: ChatAction {
    static let name = "AgentChat"
    static let interface = Interface.agent

    static func page(_ request: ActionRequest) async throws -> Response {
        let settings = request.env.settings
        let agent = try request.agent()
        let permissions = try await request.service.agentContext(agent).permissions
        let preferences = try await request.service.preferences(of: agent)
        var context = try await PageContext.make(request, action: name, title: "Chat", settings: [
            "Notify": .bool(permissions.canRead(group: settings.permissionGroups.chatNotificationAgents)),
            "Notifications": .bool(preferences.notifications),
            "Sound": .bool(preferences.sound),
            "TimeZone": preferences.timeZone.map { .string($0) } ?? .null,
            "ChatOrder": .string(request.service.chatOrder(given: preferences).rawValue),
            "AgentToAgent": .bool(settings.directions.agentToAgent),
            "AgentToCustomer": .bool(settings.directions.agentToCustomer),
            "StartWithoutTicket": .bool(request.service.offersChatWithoutTicket(to: .agent(agent))),
            "IsAdmin": .bool(request.env.modules.mayOpen(AdminChatChannel.name, permissions: permissions)),
            "Tickets": .bool((try? await request.env.engine.tickets.mayCreateTickets(agent)) ?? false),
        ])
        // OTRS's chat manager offers admins the chat integration (snippet generator)
        let modules = request.env.modules
        if modules.isRegistered(AgentChatWidgetIntegration.name, in: .agent)
            && modules.mayOpen(AgentChatWidgetIntegration.name, permissions: permissions)
        {
            context["MayIntegrate"] = true
        }
        return request.env.pages.page("agent-chat", context)
    }
}
