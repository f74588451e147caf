import ChatCore
import ChatEngine
import Hummingbird

/// `customer.pl?Action=CustomerPreferences`: a customer user changes their password (OTRS's
/// CustomerPreferences). Beside a ticket system the password is changed there.
enum CustomerPreferences: ChatAction {
    static let name = "CustomerPreferences"
    static let interface = Interface.customer
    static var pageSubactions: Set<String> { ["", "UpdatePassword", "UpdateLanguage"] }
    static var isChatAction: Bool { false }

    static func page(_ request: ActionRequest) async throws -> Response {
        guard case .customer(let customer)? = request.caller.person else { throw WebError.noSession }
        if request.subaction == "UpdateLanguage" { return try await updateLanguage(request) }
        guard request.subaction == "UpdatePassword" else { return try await show(request) }
        if let refusal = AdminPage.refusal(request) { return try await show(request, error: refusal.message, status: refusal.status) }
        let new = AdminPage.text(request, "NewPw", limit: 200)
        guard new == AdminPage.text(request, "NewPw1", limit: 200) else {
            return try await show(request, error: "The new passwords do not match.", status: .badRequest)
        }
        do {
            try await request.env.engine.account.changePassword(of: customer, current: AdminPage.text(request, "CurPw", limit: 200),
                new: new, keeping: request.caller.sessionToken)
            return try await show(request, notice: "Your password was changed; your other sessions have ended.")
        } catch {
            return try await show(request, error: AdminPage.readable(error), status: AdminPage.status(of: error))
        }
    }

    static func show(_ request: ActionRequest, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        var values: [String: Any] = ["MaxPassword": DirectoryRules.maxPasswordBytes]
        if request.env.engine.account.managesPasswords { values["ManagesPasswords"] = true } else {
            values["PasswordsElsewhere"] = request.env.engine.chats.people.name
        }
        return try await AdminPage.render(request, action: name, template: "customer-preferences", title: "Preferences", values,
            notice: notice, error: error, status: status)
    }
}
