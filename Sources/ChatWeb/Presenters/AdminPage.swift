import ChatCore
import ChatEngine
import Hummingbird

/// What every admin screen (and the preferences screens) does the same way: a state change must come as
/// a POST with the session's challenge token; refusals read as sentences that name the problem; pages get
/// the agent header with the admin toolbar.
enum AdminPage {
    /// The refusal of a state-changing Subaction that is not a POST or lacks the challenge token; nil when fine.
    static func refusal(_ request: ActionRequest) -> (message: String, status: HTTPResponse.Status)? {
        guard request.isPost else { return ("This action needs a form submission.", .methodNotAllowed) }
        do {
            try request.caller.checkChallenge(request.params)
        } catch {
            return (WebError.challengeToken.message, .forbidden)
        }
        return nil
    }

    /// A page of `action` with its template, title, values, and the notice or error box.
    static func render(_ request: ActionRequest, action: String, template: String, title: String,
        _ values: [String: Any] = [:], notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok)
        async throws -> Response
    {
        var context = try await PageContext.make(request, action: action, title: title)
        for (key, value) in values { context[key] = value }
        if action.hasPrefix("Admin") && action != Admin.name { context["ShowAdminLink"] = true }
        // swift-mustache counts an empty string as true: absent keys keep the boxes away
        if let notice { context["Notice"] = notice }
        if let error { context["Error"] = error }
        return request.env.pages.page(template, context, status: status)
    }

    /// An error from the engine as the form shows it: the field and its problem, or what refused it.
    static func readable(_ error: any Error) -> String {
        if let rule = error as? DirectoryRuleError { return rule.description }
        switch EngineError.classify(error) {
        case .refused(let why)?: return "Refused: \(why)."
        case .duplicate(let what)?: return "There is \(what) already."
        case .notFound(let what)?: return "Not found: \(what)."
        default: return WebError.from(error).message
        }
    }

    /// The status a failed form answers with.
    static func status(of error: any Error) -> HTTPResponse.Status {
        if error is DirectoryRuleError { return .badRequest }
        switch EngineError.classify(error) {
        case .duplicate?, .conflict?: return .conflict
        case .notFound?: return .notFound
        case .refused?: return .forbidden
        default: return WebError.from(error).status
        }
    }

    /// Beside a ticket system people are managed there: the people screens say so instead of a form.
    static func peopleElsewhere(_ request: ActionRequest) -> Response? {
        let people = request.env.engine.chats.people
        guard !people.managesPeople else { return nil }
        return request.env.pages.message(title: "Managed in the ticket system",
            message: "Agents, groups, roles and customers come from \(people.name) and are managed there; "
                + "ChatEngine only reads them. Chat channels are still managed here (Chat channels).",
            status: .ok, logoutURL: PageContext.logoutURL(request.caller))
    }

    /// A parameter cut to `limit` characters (a form's own maxlength can be bypassed).
    static func text(_ request: ActionRequest, _ name: String, limit: Int = 1000) -> String {
        String((request.params[name] ?? "").prefix(limit))
    }

    static func int(_ request: ActionRequest, _ name: String) -> Int64? {
        request.params[name].flatMap { Int64($0) }
    }

    /// `ValidID` as OTRS sends it: 1 valid, anything else invalid.
    static func isValid(_ request: ActionRequest) -> Bool {
        (request.params["ValidID"] ?? "1") == "1"
    }

    /// A comma-separated list of IDs (the lines a matrix form showed), at most `limit` of them.
    static func ids(_ request: ActionRequest, _ name: String, limit: Int = 5000) -> [Int64] {
        (request.params[name] ?? "").split(separator: ",").prefix(limit).compactMap { Int64($0) }
    }
}
