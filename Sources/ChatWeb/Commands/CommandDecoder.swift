import ChatCore
import ChatEngine
import ChatJSON

/// Turns an Action's Subaction and its parameters (an HTTP form, or a WebSocket frame's `Params`) into a
/// `WebCommand`, checking each parameter's form and size: one decoder for both ways in.
enum CommandDecoder {
    /// The command, or nil when the Action has no such Subaction. `caller` decides the one case that
    /// depends on who asks: a public `CreateChatRequest` without a visitor token registers a new visitor.
    static func decode(action: String, subaction: String, _ params: FormParameters, caller: Caller) throws -> WebCommand? {
        if let live = try live(subaction, params) { return live }
        switch action {
        case AgentChat.name, AgentChatPopup.name: return try agentChat(subaction, params)
        case AgentChatPreview.name:
            return ["", "Preview"].contains(subaction) ? .history(try params.chatID(), after: 0, limit: 20) : nil
        case AgentChatAvailability.name:
            return subaction == "SetAvailability" ? .setAvailability(try params.availability()) : .availability
        case CustomerChat.name: return try customerChat(subaction, params)
        case PublicChat.name: return try publicChat(subaction, params, hasVisitor: caller.person != nil)
        default: return nil
        }
    }

    /// `Events`, `Typing`, `Heartbeat`: the same for every chat Action.
    private static func live(_ subaction: String, _ params: FormParameters) throws -> WebCommand? {
        switch subaction {
        case "Events":
            let since = params["Since"].map { FeedCursor.parseSince(JSON.parse($0)) }
            return .events(since: since, wait: min(LongPoll.maxWait, max(0, Double(params["Wait"] ?? "") ?? 0)))
        case "Typing": return .typing(try params.chatID(), internal: params["Internal"] == "1")
        case "Heartbeat": return .heartbeat(input: params["Input"] == "1")
        default: return nil
        }
    }

    private static func agentChat(_ subaction: String, _ params: FormParameters) throws -> WebCommand? {
        switch subaction {
        case "ChatListUpdate": return .snapshot
        case "ChatGetOpenRequests": return .agentRequests(filter: params["Filter"].map { $0 == "Mine" ? .mine : .all })
        case "ChatStart":
            let message = try params.required("Message", maxLength: 100_000)
            let login = try params.required("UserID", maxLength: 200)
            return .startChat(params["UserType"] == "Customer" ? .customer(login: login) : .agent(login: login), message: message)
        case "ChatRequestAccept": return .accept(try params.chatID())
        case "DeclineRequest": return .decline(try params.chatID())
        case "ChatMessageAdd":
            return .postMessage(try params.chatID(), text: try params.message(),
                visibility: params["Internal"] == "1" ? .agents : .everyone)
        case "ChangeChannel":
            guard let channel = try params.channelID() else { throw WebError.badRequest("ChatChannelID is missing.") }
            return .changeChannel(try params.chatID(), to: channel)
        case "Channels": return .agentChannels
        case "MyChannels":
            let ids = (params["ChatChannelIDs"] ?? "").split(separator: ",").prefix(1000).compactMap { Int64($0) }
            return .chooseChannels(Set(ids.map(ChannelID.init)))
        case "InviteAgent":
            guard let invitee = params["UserID"].flatMap({ Int64($0) }) else { throw WebError.badRequest("UserID is missing.") }
            return .invite(try params.chatID(), agent: AgentID(invitee))
        case "GetInviteAgentList": return .inviteList(try params.chatID())
        case "ChatRoleSwitch": return .takeRole(try params.chatID(), params["Role"] == "Observer" ? .observer : .participant)
        case "ChatMonitorSwitch":
            guard let level = MonitoringLevel(rawValue: params["MonitoringType"] ?? "") else {
                throw WebError.badRequest("MonitoringType must be none, customer_activity or all_actions.")
            }
            return .monitor(try params.chatID(), level)
        case "LeaveChat": return .leave(try params.chatID())
        case "ChatDiscard": return .close(try params.chatID())
        case "VisitorBlock": return .blockVisitor(try params.chatID())
        case "GetAvailability": return .availability
        case "SetAvailability": return .setAvailability(try params.availability())
        case "UpdateChatOrder":
            guard let order = ChatOrder(rawValue: params["ChatOrder"] ?? "") else {
                throw WebError.badRequest("ChatOrder must be Append or Prepend.")
            }
            return .setChatOrder(order)
        case "UpdateSound":
            guard let on = ["1": true, "0": false][params["Sound"] ?? ""] else { throw WebError.badRequest("Sound must be 1 or 0.") }
            return .setSound(on)
        case "UpdateOnlineUsers": return .onlineUsers
        case "PermissionLevel": return .permissionLevel(try params.chatID())
        case "ChatHistory": return .history(try params.chatID(), after: params.after(), limit: 500)
        case "ClosedChats": return .closedChats(search: params["Search"].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) })
        case "PhoneTicketForm": return .phoneTicketForm(try params.chatID())
        case "PhoneTicketCreate":
            return .createPhoneTicket(try params.chatID(), Tickets.PhoneTicketRequest(
                title: try params.required("Title", maxLength: 250), queue: try params.required("Queue", maxLength: 200),
                state: try params.required("State", maxLength: 200), priority: try params.required("Priority", maxLength: 200),
                customerUser: try params.optional("CustomerUser", maxLength: 200) ?? "",
                email: try params.optional("Email", maxLength: 200)))
        case "TicketSearch": return .ticketSearch(try params.optional("Search", maxLength: 200) ?? "")
        case "TicketAppend":
            guard let ticket = params["TicketID"].flatMap({ Int64($0) }) else { throw WebError.badRequest("TicketID is missing.") }
            return .appendToTicket(try params.chatID(), TicketID(ticket))
        default: return nil
        }
    }

    private static func customerChat(_ subaction: String, _ params: FormParameters) throws -> WebCommand? {
        switch subaction {
        case "ChatClose": return .close(try params.chatID())
        case "ChatOverview": return .chatOverview
        case "ChatGetOpenRequests": return .invitations
        case "ChatRequestAccept": return .accept(try params.chatID())
        case "DeclineRequest": return .decline(try params.chatID())
        case "TicketCreate": return .ticketFromChat(try params.chatID())
        default: return try chatter(subaction, params)
        }
    }

    private static func publicChat(_ subaction: String, _ params: FormParameters, hasVisitor: Bool) throws -> WebCommand? {
        if subaction == "CreateChatRequest" && !hasVisitor {
            return .requestChatAsNewVisitor(name: try params.required("Name", maxLength: 100), channel: try params.channelID(),
                message: try params.optionalMessage())
        }
        return try chatter(subaction, params)
    }

    /// What customer users and public visitors share: start a chat, read it, write, leave.
    private static func chatter(_ subaction: String, _ params: FormParameters) throws -> WebCommand? {
        switch subaction {
        case "CreateChatRequest": return .requestChat(channel: try params.channelID(), message: try params.optionalMessage())
        case "ChatUpdate": return .history(try params.chatID(), after: params.after(), limit: 500)
        case "ChatMessageAdd": return .postMessage(try params.chatID(), text: try params.message(), visibility: .everyone)
        case "ChatLeave", "ChatCompleted": return .leaveIfPresent(try params.chatID())
        case "Channels": return .offeredChannels
        default: return nil
        }
    }
}

/// The parameters' forms; each refusal names the parameter.
extension FormParameters {
    /// Messages are limited by the chat rules (3,800 characters); this only keeps absurd input out.
    static let maxMessageBytes = 100_000

    func chatID(_ name: String = "ChatID") throws -> ChatID {
        guard let text = self[name], let value = Int64(text) else {
            throw WebError.badRequest(LocalizableText("%s is missing or not a number.", values: name))
        }
        return ChatID(value)
    }

    func channelID(_ name: String = "ChatChannelID") throws -> ChannelID? {
        guard let text = self[name], !text.isEmpty else { return nil }
        guard let value = Int64(text) else { throw WebError.badRequest(LocalizableText("%s is not a number.", values: name)) }
        return ChannelID(value)
    }

    func required(_ name: String, maxLength: Int = 1000) throws -> String {
        guard let value = self[name], !value.isEmpty else { throw WebError.badRequest(LocalizableText("%s is missing.", values: name)) }
        guard value.unicodeScalars.count <= maxLength else { throw WebError.badRequest(LocalizableText("%s is too long.", values: name)) }
        return value
    }

    /// An optional field within `maxLength` characters; empty counts as absent.
    func optional(_ name: String, maxLength: Int) throws -> String? {
        guard let value = self[name], !value.isEmpty else { return nil }
        guard value.unicodeScalars.count <= maxLength else { throw WebError.badRequest(LocalizableText("%s is too long.", values: name)) }
        return value
    }

    func message() throws -> String {
        try optionalMessage() ?? ""
    }

    func optionalMessage() throws -> String? {
        guard let text = self["Message"] else { return nil }
        guard text.utf8.count <= Self.maxMessageBytes else { throw WebError.badRequest("Message is too long.") }
        return text
    }

    func after() -> Int64 {
        max(0, Int64(self["After"] ?? "") ?? 0)
    }

    func availability() throws -> ChatAvailability {
        guard let value = ChatAvailability(rawValue: (self["Availability"] ?? "").lowercased()) else {
            throw WebError.badRequest("Availability must be unavailable, internal or external.")
        }
        return value
    }
}
