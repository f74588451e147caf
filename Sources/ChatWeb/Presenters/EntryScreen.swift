import ChatCore
import ChatEngine
import Hummingbird

/// AdminGroup and AdminRole are the same screen over different things: a list of names with their
/// validity, an add form and an edit form. This is that screen; each Action names what it manages.
struct EntryScreen: Sendable {
    let action: String
    /// "group" or "role", as the page says it.
    let noun: String
    /// The form's ID parameter (`GroupID`, `RoleID`).
    let idName: String
    /// The matrix Actions that link from each line (`AdminUserGroup`, ...), with their own Subaction names.
    let links: [(label: String, action: String, subaction: String)]
    let list: @Sendable (Administration) async throws -> [DirectoryEntry]
    let add: @Sendable (Administration, DirectoryEntry) async throws -> DirectoryEntry
    let update: @Sendable (Administration, DirectoryEntry) async throws -> Void

    static var pageSubactions: Set<String> { ["", "Add", "AddAction", "Change", "ChangeAction"] }

    func page(_ request: ActionRequest) async throws -> Response {
        if let elsewhere = AdminPage.peopleElsewhere(request) { return elsewhere }
        let admin = request.env.engine.administration
        switch request.subaction {
        case "Add":
            return try await form(request, DirectoryEntry(name: ""), isNew: true)
        case "Change":
            guard let id = AdminPage.int(request, idName),
                let entry = try await list(admin).first(where: { $0.id == id })
            else { return try await overview(request, error: "No such \(noun).", status: .notFound) }
            return try await form(request, entry, isNew: false)
        case "AddAction", "ChangeAction":
            if let refusal = AdminPage.refusal(request) {
                return try await overview(request, error: refusal.message, status: refusal.status)
            }
            let isNew = request.subaction == "AddAction"
            let typed = DirectoryEntry(id: AdminPage.int(request, idName) ?? 0,
                name: AdminPage.text(request, "Name", limit: DirectoryRules.maxGroupName + 1), isValid: AdminPage.isValid(request))
            do {
                if isNew {
                    _ = try await add(admin, typed)
                    return try await overview(request, notice: "\(noun.capitalized) \(typed.name) added.")
                }
                try await update(admin, typed)
                return try await overview(request, notice: "\(noun.capitalized) \(typed.name) updated.")
            } catch {
                return try await form(request, typed, isNew: isNew, error: AdminPage.readable(error),
                    status: AdminPage.status(of: error))
            }
        default:
            return try await overview(request)
        }
    }

    private var common: [String: Any] {
        ["EntryAction": action, "Noun": noun, "IDName": idName,
         "Links": links.map { ["Label": $0.label, "Action": $0.action, "Subaction": $0.subaction] }]
    }

    func overview(_ request: ActionRequest, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        var values = common
        values["Entries"] = try await list(request.env.engine.administration).map {
            ["ID": $0.id, "Name": $0.name, "Valid": $0.isValid] as [String: Any]
        }
        return try await AdminPage.render(request, action: action, template: "admin-entry", title: "\(noun.capitalized)s",
            values, notice: notice, error: error, status: status)
    }

    func form(_ request: ActionRequest, _ entry: DirectoryEntry, isNew: Bool, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        var values = common
        values["IsNew"] = isNew
        values["Subaction"] = isNew ? "AddAction" : "ChangeAction"
        values["Entry"] = ["ID": entry.id, "Name": entry.name, "Valid": entry.isValid] as [String: Any]
        values["MaxName"] = DirectoryRules.maxGroupName
        return try await AdminPage.render(request, action: action, template: "admin-entry-edit",
            title: isNew ? "Add \(noun)" : "Edit \(noun) \(entry.name)", values, error: error, status: status)
    }
}
