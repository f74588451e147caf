import ChatCore
import ChatEngine
import ChatStore
import Foundation
import Hummingbird

/// The chat manager (`index.pl?Action=AgentChat`): request lists, active chats, the chat widget, the
/// availability switch, people online and closed chats. Subaction names are OTRS's own.
enum AgentChat: ChatAction {
    static let name = "AgentChat"
    static let interface = Interface.agent
    static let readOnlySubactions: Set<String> = [
        "ChatListUpdate", "Channels", "GetInviteAgentList", "GetAvailability", "UpdateOnlineUsers",
        "PermissionLevel", "ChatHistory", "ClosedChats",
    ]

    static func page(_ request: ActionRequest) async throws -> Response {
        let settings = request.env.settings
        let agent = try request.agent()
        let permissions = try await request.service.agentContext(agent).permissions
        let context = try await PageContext.make(request, action: name, title: "Chat", settings: [
            "Notify": .bool(permissions.canRead(group: settings.permissionGroups.chatNotificationAgents)),
            "ChatOrder": .string(settings.chatOrder == .prepend ? "Prepend" : "Append"),
            "AgentToAgent": .bool(settings.directions.agentToAgent),
            "AgentToCustomer": .bool(settings.directions.agentToCustomer),
            "IsAdmin": .bool(request.env.modules.mayOpen(AdminChatChannel.name, permissions: permissions)),
        ])
        return request.env.pages.page("agent-chat", context)
    }

    static func perform(_ request: ActionRequest) async throws -> JSON {
        let agent = try request.agent()
        let me = Person.agent(agent)
        let service = request.service
        let feed = ViewerFeed(env: request.env, interface: .agent, viewer: me)
        let id = request.commandID
        switch request.subaction {
        case "ChatListUpdate":
            return try await feed.snapshot().data
        case "ChatGetOpenRequests":
            if let filter = request.params["Filter"] {
                request.env.updatePreferences(of: agent) { $0.filter = filter == "Mine" ? .mine : .all }
            }
            return ["Requests": try await feed.requests(of: agent)]
        case "ChatStart":
            let message = try request.required("Message", maxLength: 100_000)
            let login = try request.required("UserID", maxLength: 200)
            let target: ChatTarget
            if request.params["UserType"] == "Customer" {
                guard let customer = try await service.store.customerUser(login: login) else {
                    throw WebError.notFound("No customer user \(login).")
                }
                target = .customer(customer.id)
            } else {
                guard let other = try await service.store.agent(login: login) else { throw WebError.notFound("No agent \(login).") }
                target = .agent(other.id)
            }
            return try await service.startChat(by: agent, with: target, firstMessage: message, commandID: id).json
        case "ChatRequestAccept":
            return try await service.accept(try request.chatID(), by: me, commandID: id).json
        case "DeclineRequest":
            let chatID = try request.chatID()
            let chat = try await service.chat(chatID)
            guard try await service.mayRead(chat, viewer: me) else { throw ChatError.notInChat }
            if chat.target == .channel && chat.participant(me) == nil {
                // a general request: hidden from this agent's lists; another agent may still accept it
                request.env.updatePreferences(of: agent) { preferences in
                    if preferences.dismissed.count >= 1000 { preferences.dismissed.removeAll() }
                    preferences.dismissed.insert(chatID)
                }
                request.env.hub.send(.requestsChanged, to: [me])
                return ["ChatID": .int(chatID.rawValue), "Seq": .int(chat.lastSeq)]
            }
            return try await service.decline(chatID, by: me, commandID: id).json
        case "ChatMessageAdd":
            let visibility: MessageVisibility = request.params["Internal"] == "1" ? .agents : .everyone
            return try await service.postMessage(try request.chatID(), text: request.params["Message"] ?? "",
                visibility: visibility, by: me, commandID: id).json
        case "ChangeChannel":
            guard let channel = try request.channelID() else { throw WebError.badRequest("ChatChannelID is missing.") }
            return try await service.changeChannel(try request.chatID(), to: channel, by: me, commandID: id).json
        case "Channels":
            return ["Channels": try await feed.channels(for: agent)]
        case "InviteAgent":
            guard let invitee = request.params["UserID"].flatMap({ Int64($0) }) else { throw WebError.badRequest("UserID is missing.") }
            return try await service.invite(try request.chatID(), agent: AgentID(invitee), by: me, commandID: id).json
        case "GetInviteAgentList":
            return ["Agents": try await inviteList(try request.chatID(), request)]
        case "ChatRoleSwitch":
            let role: ParticipantRole = request.params["Role"] == "Observer" ? .observer : .participant
            let chatID = try request.chatID()
            let chat = try await service.chat(chatID)
            if chat.activeParticipant(me) != nil {
                return try await service.switchRole(chatID, to: role, by: agent, commandID: id).json
            }
            return try await service.join(chatID, as: role, by: agent, commandID: id).json
        case "ChatMonitorSwitch":
            guard let level = MonitoringLevel(rawValue: request.params["MonitoringType"] ?? "") else {
                throw WebError.badRequest("MonitoringType must be none, customer_activity or all_actions.")
            }
            return try await service.setMonitoring(try request.chatID(), to: level, by: agent, commandID: id).json
        case "LeaveChat":
            return try await service.leave(try request.chatID(), by: me, commandID: id).json
        case "ChatDiscard":
            return try await service.close(try request.chatID(), by: me, commandID: id).json
        case "GetAvailability":
            return try await AgentChatAvailability.availability(agent, request)
        case "SetAvailability":
            return try await AgentChatAvailability.set(agent, request)
        case "UpdateChatOrder":
            return ["ChatOrder": .string(request.params["ChatOrder"] == "Prepend" ? "Prepend" : "Append")]
        case "UpdateOnlineUsers":
            return try await onlineUsers(request)
        case "PermissionLevel":
            let chat = try await service.chat(try request.chatID())
            return ["PermissionLevel": chat.activeParticipant(me).map { .string($0.role.rawValue) } ?? .null]
        case "ChatHistory":
            return try await AgentChatPreview.history(try request.chatID(), after: Int64(request.params["After"] ?? "") ?? 0,
                for: me, request)
        case "ClosedChats":
            let search = request.params["Search"].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
            let chats = try await service.closedChats(for: me, search: search, limit: 50)
            return ["Chats": .array(try await feed.summaries(chats))]
        case "MyChannels":
            let ids = Set((request.params["ChatChannelIDs"] ?? "").split(separator: ",").prefix(1000).compactMap { Int64($0) }
                .map(ChannelID.init))
            try await service.store.setChannels(external: ids, internal: ids, for: agent)
            return ["Channels": try await feed.channels(for: agent)]
        default:
            throw WebError.unknownSubaction(request.subaction)
        }
    }

    /// Agents who may be invited: valid, with a chat permission on the channel's group, not yet in the chat.
    static func inviteList(_ chatID: ChatID, _ request: ActionRequest) async throws -> JSON {
        let service = request.service
        let chat = try await service.chat(chatID)
        guard try await service.mayRead(chat, viewer: try request.person()) else { throw ChatError.notInChat }
        let channel = try await service.channel(chat.channel)
        let presenter = ChatPresenter(service: service, viewer: try request.person())
        var items: [JSON] = []
        for agent in try await service.store.agents() where agent.isValid {
            guard chat.activeParticipant(.agent(agent.id)) == nil,
                try await service.store.permissions(of: agent.id).chatLevel(onGroup: channel.group) != nil
            else { continue }
            items.append([
                "UserID": .int(agent.id.rawValue), "Login": .string(agent.login), "Name": .string(agent.fullName),
                "Presence": .string(try await presenter.presence(of: .agent(agent.id), now: service.now()).rawValue),
            ])
        }
        return .array(items)
    }

    /// The people-online panel: every valid agent with status, and the customer users with a live tab.
    static func onlineUsers(_ request: ActionRequest) async throws -> JSON {
        let service = request.service
        let presenter = ChatPresenter(service: service, viewer: try request.person())
        let now = service.now()
        var agents: [JSON] = []
        for agent in try await service.store.agents() where agent.isValid {
            agents.append([
                "UserID": .int(agent.id.rawValue), "Login": .string(agent.login), "Name": .string(agent.fullName),
                "Presence": .string(try await presenter.presence(of: .agent(agent.id), now: now).rawValue),
                "Availability": .string(agent.availability.rawValue),
            ])
        }
        var customers: [JSON] = []
        let recent = now.addingTimeInterval(-TimeInterval(service.settings.customerOnlineThreshold * 60))
        for case .customer(let id) in service.presence.people(heartbeatSince: recent) {
            guard let customer = try await service.store.customerUser(id: id) else { continue }
            customers.append([
                "UserID": .int(id.rawValue), "Login": .string(customer.login), "Name": .string(customer.fullName),
                "Presence": .string(try await presenter.presence(of: .customer(id), now: now).rawValue),
            ])
        }
        return ["Agents": .array(agents), "Customers": .array(customers)]
    }
}
