import ChatCore
import ChatEngine
import ChatStore
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
        let admin = request.env.administration
        switch subaction {
        case "Add":
            return try await form(request, channel: nil, error: nil)
        case "Change":
            guard let id = try request.channelID(), let channel = try await request.service.store.channel(id: id) else {
                return try await overview(request, error: "No such chat channel.", status: .notFound)
            }
            return try await form(request, channel: channel, error: nil)
        case "AddAction":
            do {
                let channel = try await admin.addChannel(name: String((request.params["Name"] ?? "").prefix(200)),
                    group: try await group(request), comment: String((request.params["Comment"] ?? "").prefix(2000)))
                if request.params["ValidID"] == "2" {
                    var invalid = channel
                    invalid.isValid = false
                    try await admin.updateChannel(invalid)
                }
                return try await overview(request, notice: "Chat channel \(channel.name) added.")
            } catch {
                return try await form(request, channel: nil, error: readable(error))
            }
        case "ChangeAction":
            guard let id = try request.channelID(), var channel = try await request.service.store.channel(id: id) else {
                return try await overview(request, error: "No such chat channel.", status: .notFound)
            }
            let before = channel
            channel.name = String((request.params["Name"] ?? channel.name).prefix(200)).trimmingCharacters(in: .whitespaces)
            channel.group = try await group(request)
            channel.isValid = request.params["ValidID"] != "2"
            channel.comment = String((request.params["Comment"] ?? "").prefix(2000))
            do {
                guard !channel.name.isEmpty else { throw StoreError.refused("a channel needs a name") }
                try await admin.updateChannel(channel)
                return try await overview(request, notice: "Chat channel \(channel.name) updated.")
            } catch {
                return try await form(request, channel: before, error: readable(error), status: .conflict)
            }
        case "Delete":
            guard let id = try request.channelID(), let channel = try await request.service.store.channel(id: id) else {
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
        if case StoreError.refused(let why) = error { return "Refused: \(why)." }
        if case StoreError.duplicate = error { return "A chat channel with this name exists already." }
        return WebError.from(error).message
    }

    static func group(_ request: ActionRequest) async throws -> String {
        let groups = try await request.service.store.groups().map(\.name)
        let chosen = request.params["GroupID"] ?? request.service.settings.defaultChatChannelGroup
        guard groups.contains(chosen) else { throw StoreError.refused("unknown group \(chosen)") }
        return chosen
    }

    static func overview(_ request: ActionRequest, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let store = request.service.store
        let defaultChannel = try await request.service.defaultChannel()
        var rows: [[String: Any]] = []
        for channel in try await store.channels() {
            rows.append([
                "ID": channel.id.rawValue, "Name": channel.name, "Group": channel.group, "Valid": channel.isValid,
                "Comment": channel.comment, "IsDefault": channel.id == defaultChannel.id,
                "ChatCount": try await store.chatCount(inChannel: channel.id),
            ])
        }
        var context = try await PageContext.make(request, action: name, title: "Chat channels")
        context["Channels"] = rows
        // swift-mustache counts an empty string as true: absent keys keep the boxes away
        if let notice { context["Notice"] = notice }
        if let error { context["Error"] = error }
        return request.env.pages.page("admin-chat-channel", context, status: status)
    }

    static func form(_ request: ActionRequest, channel: ChatChannel?, error: String?, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        let selectedGroup = channel?.group ?? request.service.settings.defaultChatChannelGroup
        let groups: [[String: Any]] = try await request.service.store.groups().map {
            ["Name": $0.name, "Selected": $0.name == selectedGroup]
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
