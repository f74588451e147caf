import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AgentChatPreview;ChatID=…`: a request's requester, channel and first messages, so an
/// agent can decide before accepting. Only for agents who may read the chat.
enum AgentChatPreview: ChatAction {
    static let name = "AgentChatPreview"
    static let interface = Interface.agent
    static let readOnlySubactions: Set<String> = ["", "Preview"]
    static var pageSubactions: Set<String> { [] }

    static func page(_ request: ActionRequest) async throws -> Response {
        OTRSFrontend.json(try await perform(request))
    }

    static func perform(_ request: ActionRequest) async throws -> JSON {
        try await history(try request.chatID(), after: 0, for: try request.person(), request, limit: 20)
    }

    /// `{Chat, Events}` after `after`, as `viewer` may see them.
    static func history(_ id: ChatID, after: Int64, for viewer: Person, _ request: ActionRequest, limit: Int = 500)
        async throws -> JSON
    {
        let service = request.service
        let chat = try await service.chat(id)
        guard try await service.mayRead(chat, viewer: viewer) else { throw ChatError.notInChat }
        let presenter = ChatPresenter(service: service, viewer: viewer)
        let events = try await service.catchUp(id, after: after, for: viewer, limit: limit)
        return ["Chat": try await presenter.chat(chat), "Events": presenter.events(events)]
    }
}

/// `index.pl?Action=AgentChatAvailability`: the toolbar switch (unavailable / internal / external).
enum AgentChatAvailability: ChatAction {
    static let name = "AgentChatAvailability"
    static let interface = Interface.agent
    static let readOnlySubactions: Set<String> = ["", "GetAvailability"]
    static var pageSubactions: Set<String> { [] }

    static func page(_ request: ActionRequest) async throws -> Response {
        OTRSFrontend.json(try await perform(request))
    }

    static func perform(_ request: ActionRequest) async throws -> JSON {
        let agent = try request.agent()
        if request.subaction == "SetAvailability" {
            return try await set(agent, request)
        }
        return try await availability(agent, request)
    }

    static func availability(_ agent: AgentID, _ request: ActionRequest) async throws -> JSON {
        ["Availability": .string(try await request.service.agentContext(agent).availability.rawValue)]
    }

    static func set(_ agent: AgentID, _ request: ActionRequest) async throws -> JSON {
        guard let value = ChatAvailability(rawValue: (request.params["Availability"] ?? "").lowercased()) else {
            throw WebError.badRequest("Availability must be unavailable, internal or external.")
        }
        try await request.service.setAvailability(value, for: agent)
        request.service.presence.input(.agent(agent), at: request.service.now())
        return try await availability(agent, request)
    }
}

/// `index.pl?Action=AgentChatPopup;ChatID=…`: one chat in its own window, next to the chat manager.
enum AgentChatPopup: ChatAction {
    static let name = "AgentChatPopup"
    static let interface = Interface.agent
    static let readOnlySubactions: Set<String> = []

    static func page(_ request: ActionRequest) async throws -> Response {
        let chatID = try request.chatID()
        let chat = try await request.service.chat(chatID)
        guard try await request.service.mayRead(chat, viewer: try request.person()) else { throw ChatError.notInChat }
        let context = try await PageContext.make(request, action: name, title: "Chat \(chatID.rawValue)",
            chatID: chatID.rawValue)
        return request.env.pages.page("agent-chat-popup", context)
    }

    static func perform(_ request: ActionRequest) async throws -> JSON {
        try await OTRSFrontend.checkGroups(AgentChat.self, request)
        return try await AgentChat.perform(request)
    }
}
