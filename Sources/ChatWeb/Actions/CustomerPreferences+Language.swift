import ChatCore
import ChatEngine
import Hummingbird

/// `customer.pl?Action=CustomerPreferences;Subaction=UpdateLanguage` (POST with the challenge token): the
/// customer user's own language, from the chat page's chooser; then back to the chat page, now in it.
extension CustomerPreferences {
    static func updateLanguage(_ request: ActionRequest) async throws -> Response {
        guard request.isPost else { throw WebError("BadRequest", .methodNotAllowed, "This action needs a form submission.") }
        try request.caller.checkChallenge(request.params)
        let code = AdminPage.text(request, "UserLanguage", limit: CustomerPreference.maxValueLength + 1)
        try await request.env.engine.account.setLanguage(of: try request.person(), to: code,
            available: request.env.live.current.translator.available)
        return OTRSFrontend.redirect("\(Interface.customer.script)?Action=\(CustomerChat.name)")
    }
}
