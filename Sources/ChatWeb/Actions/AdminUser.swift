import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AdminUser` (admins): ChatEngine's own agents: list with a filter, add, edit (login,
/// names, e-mail, validity, a new password). An agent made invalid or given a new password is logged out
/// everywhere at once.
enum AdminUser: ChatAction {
    static let name = "AdminUser"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { ["", "Add", "AddAction", "Change", "ChangeAction"] }
    static var isChatAction: Bool { false }

    static func page(_ request: ActionRequest) async throws -> Response {
        if let elsewhere = AdminPage.peopleElsewhere(request) { return elsewhere }
        let admin = request.env.engine.administration
        switch request.subaction {
        case "Add":
            return try await form(request, AgentAccount(login: "", firstName: "", lastName: "", email: ""), isNew: true)
        case "Change":
            guard let id = AdminPage.int(request, "UserID") else { return try await list(request, error: "No agent chosen.") }
            do {
                return try await form(request, try await admin.agentAccount(AgentID(id)), isNew: false)
            } catch {
                return try await list(request, error: AdminPage.readable(error), status: AdminPage.status(of: error))
            }
        case "AddAction", "ChangeAction":
            if let refusal = AdminPage.refusal(request) {
                return try await list(request, error: refusal.message, status: refusal.status)
            }
            let isNew = request.subaction == "AddAction"
            let typed = typedAccount(request)
            let password = AdminPage.text(request, "UserPw", limit: 200)
            do {
                if isNew {
                    let added = try await admin.createAgent(typed, password: password)
                    return try await list(request, notice: "Agent \(added.login) added.")
                }
                try await admin.updateAgent(typed, newPassword: password.isEmpty ? nil : password, by: try request.agent())
                return try await list(request, notice: "Agent \(typed.login) updated.")
            } catch {
                return try await form(request, typed, isNew: isNew, error: AdminPage.readable(error),
                    status: AdminPage.status(of: error))
            }
        default:
            return try await list(request)
        }
    }

    /// The form as typed (kept when it fails; the password never comes back).
    static func typedAccount(_ request: ActionRequest) -> AgentAccount {
        AgentAccount(id: AgentID(AdminPage.int(request, "UserID") ?? 0),
            login: AdminPage.text(request, "UserLogin", limit: DirectoryRules.maxLogin + 1),
            firstName: AdminPage.text(request, "UserFirstname", limit: DirectoryRules.maxName + 1),
            lastName: AdminPage.text(request, "UserLastname", limit: DirectoryRules.maxName + 1),
            email: AdminPage.text(request, "UserEmail", limit: DirectoryRules.maxEmail + 1),
            isValid: AdminPage.isValid(request))
    }

    static func list(_ request: ActionRequest, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let filter = AdminPage.text(request, "Filter", limit: 100)
        let rows: [[String: Any]] = try await request.env.engine.administration.agentAccounts(filter: filter).map {
            ["ID": $0.id.rawValue, "Login": $0.login, "FirstName": $0.firstName, "LastName": $0.lastName,
             "Email": $0.email, "Valid": $0.isValid]
        }
        return try await AdminPage.render(request, action: name, template: "admin-user", title: "Agents",
            ["Agents": rows, "Filter": filter, "HasAgents": !rows.isEmpty], notice: notice, error: error, status: status)
    }

    static func form(_ request: ActionRequest, _ agent: AgentAccount, isNew: Bool, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let values: [String: Any] = [
            "IsNew": isNew, "Subaction": isNew ? "AddAction" : "ChangeAction",
            "Agent": ["ID": agent.id.rawValue, "Login": agent.login, "FirstName": agent.firstName,
                      "LastName": agent.lastName, "Email": agent.email, "Valid": agent.isValid] as [String: Any],
            "Limits": limits,
        ]
        return try await AdminPage.render(request, action: name, template: "admin-user-edit",
            title: isNew ? "Add agent" : "Edit agent \(agent.login)", values, error: error, status: status)
    }

    static var limits: [String: Any] { ["Login": DirectoryRules.maxLogin, "Name": DirectoryRules.maxName,
                                        "Email": DirectoryRules.maxEmail, "Password": DirectoryRules.maxPasswordBytes] }
}
