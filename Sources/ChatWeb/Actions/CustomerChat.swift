import ChatCore
import ChatEngine
import ChatStore
import Hummingbird
import SysConfig

/// `customer.pl?Action=CustomerChat`: a customer user's new conversation, agents' requests to accept or
/// decline, the chat, and their own chats with history.
enum CustomerChat: ChatAction {
    static let name = "CustomerChat"
    static let interface = Interface.customer
    static let readOnlySubactions: Set<String> = ["ChatUpdate", "Channels", "ChatOverview", "ChatGetOpenRequests"]
    static var pageSubactions: Set<String> { ["", "ChatScreen"] }

    static func page(_ request: ActionRequest) async throws -> Response {
        let settings = request.env.settings
        let context = try await PageContext.make(request, action: name, title: "Chat",
            chatID: request.params["ChatID"].flatMap { Int64($0) },
            settings: ["AllowChannels": .bool(settings.customerInterface.allowChatChannels)])
        return request.env.pages.page("customer-chat", context)
    }

    static func perform(_ request: ActionRequest) async throws -> JSON {
        let me = try request.person()
        let service = request.service
        let id = request.commandID
        let feed = ViewerFeed(env: request.env, interface: .customer, viewer: me)
        if let shared = try await ChatterSubactions.perform(request, viewer: me,
            options: request.env.settings.customerInterface)
        {
            return shared
        }
        switch request.subaction {
        case "ChatClose":
            return try await service.close(try request.chatID(), by: me, commandID: id).json
        case "ChatOverview":
            let open = try await service.store.openChats(of: me)
            let closed = try await service.closedChats(for: me, search: nil, limit: 50)
            return ["Chats": .array(try await feed.summaries((open + closed).sorted { $0.createdAt > $1.createdAt }))]
        case "ChatGetOpenRequests":
            let open = try await service.store.openChats(of: me)
            let requests = open.filter { $0.state == .request && $0.participant(me)?.state == .invited }
            return ["Requests": .array(try await feed.summaries(requests))]
        case "ChatRequestAccept":
            return try await service.accept(try request.chatID(), by: me, commandID: id).json
        case "DeclineRequest":
            return try await service.decline(try request.chatID(), by: me, commandID: id).json
        default:
            throw WebError.unknownSubaction(request.subaction)
        }
    }
}

/// What customer users and public visitors share: start a chat, read it, write, leave.
enum ChatterSubactions {
    static func perform(_ request: ActionRequest, viewer: Person, options: ChatEngineSettings.InterfaceOptions) async throws
        -> JSON?
    {
        let service = request.service
        let id = request.commandID
        switch request.subaction {
        case "CreateChatRequest":
            try await refuseSecondRequest(by: viewer, request)
            let channel = options.allowChatChannels ? try request.channelID() : nil
            return try await service.requestChat(by: viewer, channel: channel, firstMessage: request.params["Message"],
                commandID: id).json
        case "ChatUpdate":
            return try await AgentChatPreview.history(try request.chatID(), after: Int64(request.params["After"] ?? "") ?? 0,
                for: viewer, request)
        case "ChatMessageAdd":
            return try await service.postMessage(try request.chatID(), text: request.params["Message"] ?? "", by: viewer,
                commandID: id).json
        case "ChatLeave", "ChatCompleted":
            let chat = try await service.chat(try request.chatID())
            guard chat.participant(viewer) != nil else { throw ChatError.notInChat }
            if chat.state == .closed || chat.activeParticipant(viewer) == nil {
                return ["ChatID": .int(chat.id.rawValue), "Seq": .int(chat.lastSeq)]
            }
            return try await service.leave(chat.id, by: viewer, commandID: id).json
        case "Channels":
            return ["Channels": try await channels(request, options: options)]
        default:
            return nil
        }
    }

    /// One waiting request per customer user or visitor at a time, and at most
    /// `PublicInterface::MaxRequestsPerHourPerIP` new requests per person and hour: a token cannot flood the
    /// agents' request lists.
    static func refuseSecondRequest(by person: Person, _ request: ActionRequest) async throws {
        let env = request.env
        if let id = request.commandID, let chatID = try? await env.service.store.openChats(of: person)
            .first(where: { $0.requester == person }), (try? await env.service.store.commandSeq(chat: chatID.id, commandID: id)) != nil
        {
            return  // a resend of the request that made it: the service answers with the original
        }
        let waiting = try await env.service.store.openChats(of: person).contains { $0.state == .request && $0.requester == person }
        if waiting { throw WebError("Conflict", .conflict, "You already have a chat request waiting for an agent.") }
        let key = "person:\(person)"
        let now = env.service.now()
        guard env.publicRequests.allows(key, limit: env.settings.publicMaxRequestsPerHourPerIP, now: now) else {
            throw WebError("RateLimited", .tooManyRequests, "Too many chat requests. Please try again later.")
        }
        env.publicRequests.record(key, now: now)
    }

    /// The channels a customer or visitor may choose: none unless `AllowChatChannels`; only staffed ones when
    /// `AvailabilityCheck` is on.
    static func channels(_ request: ActionRequest, options: ChatEngineSettings.InterfaceOptions) async throws -> JSON {
        guard options.allowChatChannels else { return [] }
        var items: [JSON] = []
        for channel in try await request.service.store.channels() where channel.isValid {
            let staffed = try await request.service.isStaffed(channel)
            if options.availabilityCheck && !staffed { continue }
            items.append(["ChatChannelID": .int(channel.id.rawValue), "Name": .string(channel.name), "Staffed": .bool(staffed)])
        }
        return .array(items)
    }
}
