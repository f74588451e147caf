import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AdminChatChannel` (admins): list, add, change, invalidate and delete chat channels.
/// The default channel can be neither deleted nor invalidated; a channel with chats cannot be deleted.
enum AdminChatChannel: ChatAction {
    static let name = "AdminChatChannel"
    static let interface = Interface.agent
    static let readOnlySubactions: Set<String> = ["", "Add", "Change"]
    static var pageSubactions: Set<String> { ["", "Add", "AddAction", "Change", "ChangeAction", "Delete"] }
    static var isChatAction: Bool { false }

    static func page(_ request: ActionRequest) async throws -> Response {
        let subaction = request.subaction
        if !readOnlySubactions.contains(subaction) {
            guard request.isPost else { return try await overview(request, error: "This action needs a form submission.") }
            do {
                try request.caller.checkChallenge(request.params)
            } catch {
                return try await overview(request, error: WebError.challengeToken.message, status: .forbidden)
            }
        }
        let admin = request.env.engine.administration
        switch subaction {
        case "Add":
            return try await form(request, channel: nil, error: nil)
        case "Change":
            guard let id = try request.params.channelID(), let channel = try await admin.channel(id) else {
                return try await overview(request, error: "No such chat channel.", status: .notFound)
            }
            return try await form(request, channel: channel, error: nil)
        case "AddAction":
            do {
                let channel = try await admin.addChannel(name: String((request.params["Name"] ?? "").prefix(200)),
                    group: group(request), comment: String((request.params["Comment"] ?? "").prefix(2000)),
                    isValid: request.params["ValidID"] != "2")
                return try await overview(request, notice: "Chat channel \(channel.name) added.")
            } catch {
                return try await form(request, channel: nil, error: readable(error))
            }
        case "ChangeAction":
            guard let id = try request.params.channelID(), var channel = try await admin.channel(id) else {
                return try await overview(request, error: "No such chat channel.", status: .notFound)
            }
            let before = channel
            channel.name = String((request.params["Name"] ?? channel.name).prefix(200))
            channel.group = group(request)
            channel.isValid = request.params["ValidID"] != "2"
            channel.comment = String((request.params["Comment"] ?? "").prefix(2000))
            do {
                try await admin.updateChannel(channel)
                return try await overview(request, notice: "Chat channel \(channel.name) updated.")
            } catch {
                return try await form(request, channel: before, error: readable(error), status: .conflict)
            }
        case "Delete":
            guard let id = try request.params.channelID(), let channel = try await admin.channel(id) else {
                return try await overview(request, error: "No such chat channel.", status: .notFound)
            }
            do {
                try await admin.deleteChannel(id)
                return try await overview(request, notice: "Chat channel \(channel.name) deleted.")
            } catch {
                return try await overview(request, error: readable(error), status: .conflict)
            }
        default:
            return try await overview(request)
        }
    }

    static func readable(_ error: any Error) -> String {
        switch EngineError.classify(error) {
        case .refused(let why)?: "Refused: \(why)."
        case .duplicate?: "A chat channel with this name exists already."
        default: WebError.from(error).message
        }
    }

    /// The chosen group (the engine refuses one that does not exist).
    static func group(_ request: ActionRequest) -> String {
        String((request.params["GroupID"] ?? request.service.settings.defaultChatChannelGroup).prefix(200))
    }

    static func overview(_ request: ActionRequest, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let rows: [[String: Any]] = try await request.env.engine.administration.channelOverview().map { row in
            [
                "ID": row.channel.id.rawValue, "Name": row.channel.name, "Group": row.channel.group, "Valid": row.channel.isValid,
                "Comment": row.channel.comment, "IsDefault": row.isDefault, "ChatCount": row.chats,
                "NoOwners": row.channel.isValid && !row.hasOwners,
            ]
        }
        var context = try await PageContext.make(request, action: name, title: "Chat channels")
        context["Channels"] = rows
        if request.env.engine.chats.people.managesPeople { context["MatrixHere"] = true }
        // swift-mustache counts an empty string as true: absent keys keep the boxes away
        if let notice { context["Notice"] = notice }
        if let error { context["Error"] = error }
        return request.env.pages.page("admin-chat-channel", context, status: status)
    }

    static func form(_ request: ActionRequest, channel: ChatChannel?, error: String?, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let selectedGroup = channel?.group ?? request.service.settings.defaultChatChannelGroup
        let groups: [[String: Any]] = try await request.env.engine.administration.groupNames().map {
            ["Name": $0, "Selected": $0 == selectedGroup]
        }
        var context = try await PageContext.make(request, action: name, title: channel == nil ? "Add chat channel" : "Edit chat channel")
        context["Groups"] = groups
        if let error { context["Error"] = error }
        context["IsNew"] = channel == nil
        context["Subaction"] = channel == nil ? "AddAction" : "ChangeAction"
        if let channel {
            context["Channel"] = ["ID": channel.id.rawValue, "Name": channel.name, "Comment": channel.comment,
                                  "Valid": channel.isValid] as [String: Any]
        }
        return request.env.pages.page("admin-chat-channel-edit", context, status: status)
    }
}
