import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AgentPreferences` (every agent): their own password, chat channels, notification and
/// sound choices, and time zone (OTRS's AgentPreferences). Beside a ticket system the password is changed there.
enum AgentPreferences: ChatAction {
    static let name = "AgentPreferences"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { ["", "Update", "UpdatePassword"] }
    static var isChatAction: Bool { false }

    static func page(_ request: ActionRequest) async throws -> Response {
        let agent = try request.agent()
        let account = request.env.engine.account
        switch request.subaction {
        case "Update":
            if let refusal = AdminPage.refusal(request) { return try await show(request, error: refusal.message, status: refusal.status) }
            let zone = AdminPage.text(request, "TimeZone", limit: 101)
            let channels = Set(AdminPage.ids(request, "Channels", limit: 1000).filter { request.params["Channel_\($0)"] == "1" }
                .map(ChannelID.init))
            let choices = Account.Choices(sound: request.params["Sound"] == "1", notifications: request.params["Notifications"] == "1",
                timeZone: zone.isEmpty ? nil : zone, channels: channels)
            do {
                try await account.save(choices, for: agent)
                return try await show(request, notice: "Your preferences were saved.")
            } catch {
                return try await show(request, typed: choices, error: AdminPage.readable(error), status: AdminPage.status(of: error))
            }
        case "UpdatePassword":
            if let refusal = AdminPage.refusal(request) { return try await show(request, error: refusal.message, status: refusal.status) }
            let new = AdminPage.text(request, "NewPw", limit: 200)
            guard new == AdminPage.text(request, "NewPw1", limit: 200) else {
                return try await show(request, error: "The new passwords do not match.", status: .badRequest)
            }
            do {
                try await account.changePassword(of: agent, current: AdminPage.text(request, "CurPw", limit: 200), new: new,
                    keeping: request.caller.sessionToken)
                return try await show(request, notice: "Your password was changed; your other sessions have ended.")
            } catch {
                return try await show(request, error: AdminPage.readable(error), status: AdminPage.status(of: error))
            }
        default:
            return try await show(request)
        }
    }

    /// The screen with the stored choices, or with `typed` when saving them failed.
    static func show(_ request: ActionRequest, typed: Account.Choices? = nil, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let agent = try request.agent()
        let account = request.env.engine.account
        let stored = try await account.choices(of: agent)
        let choices = typed ?? stored
        let channels: [[String: Any]] = try await request.service.channels(for: agent).map {
            ["ID": $0.channel.id.rawValue, "Name": $0.channel.name, "Chosen": choices.channels.contains($0.channel.id),
             "IsDefault": $0.isDefault]
        }
        let zones: [[String: Any]] = Account.timeZones.map { ["Name": $0, "Selected": $0 == choices.timeZone] }
        var values: [String: Any] = [
            "Channels": channels, "ChannelIDs": channels.compactMap { $0["ID"] as? Int64 }.map(String.init).joined(separator: ","),
            "HasChannels": !channels.isEmpty, "Sound": choices.sound, "Notifications": choices.notifications,
            "TimeZones": zones, "BrowserZone": choices.timeZone == nil, "MaxPassword": DirectoryRules.maxPasswordBytes,
        ]
        if account.managesPasswords { values["ManagesPasswords"] = true } else {
            values["PasswordsElsewhere"] = request.env.engine.chats.people.name
        }
        return try await AdminPage.render(request, action: name, template: "agent-preferences", title: "Preferences", values,
            notice: notice, error: error, status: status)
    }
}
