import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AdminCustomerUser` (admins): customer users: search, add, edit (login, names, e-mail,
/// company, validity, a new password). One made invalid or given a new password is logged out at once.
enum AdminCustomerUser: ChatAction {
    static let name = "AdminCustomerUser"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { ["", "Add", "AddAction", "Change", "ChangeAction"] }
    static var isChatAction: Bool { false }

    static func page(_ request: ActionRequest) async throws -> Response {
        if let elsewhere = AdminPage.peopleElsewhere(request) { return elsewhere }
        let admin = request.env.engine.administration
        switch request.subaction {
        case "Add":
            let blank = CustomerAccount(login: "", customerID: AdminPage.text(request, "CustomerID", limit: 200), email: "",
                firstName: "", lastName: "")
            return try await form(request, blank, isNew: true)
        case "Change":
            guard let id = AdminPage.int(request, "ID") else { return try await list(request, error: "No customer user chosen.") }
            do {
                return try await form(request, try await admin.customerAccount(CustomerUserID(id)), isNew: false)
            } catch {
                return try await list(request, error: AdminPage.readable(error), status: AdminPage.status(of: error))
            }
        case "AddAction", "ChangeAction":
            if let refusal = AdminPage.refusal(request) {
                return try await list(request, error: refusal.message, status: refusal.status)
            }
            let isNew = request.subaction == "AddAction"
            let typed = typedAccount(request)
            let password = AdminPage.text(request, "UserPassword", limit: 200)
            do {
                if isNew {
                    _ = try await admin.createCustomerUser(typed, password: password)
                    return try await list(request, notice: "Customer user \(typed.login) added.")
                }
                try await admin.updateCustomerUser(typed, newPassword: password.isEmpty ? nil : password)
                return try await list(request, notice: "Customer user \(typed.login) updated.")
            } catch {
                return try await form(request, typed, isNew: isNew, error: AdminPage.readable(error),
                    status: AdminPage.status(of: error))
            }
        default:
            return try await list(request)
        }
    }

    /// The form as typed (kept when it fails; the password never comes back).
    static func typedAccount(_ request: ActionRequest) -> CustomerAccount {
        CustomerAccount(id: CustomerUserID(AdminPage.int(request, "ID") ?? 0),
            login: AdminPage.text(request, "UserLogin", limit: DirectoryRules.maxLogin + 1),
            customerID: AdminPage.text(request, "UserCustomerID", limit: DirectoryRules.maxCustomerID + 1),
            email: AdminPage.text(request, "UserEmail", limit: DirectoryRules.maxEmail + 1),
            firstName: AdminPage.text(request, "UserFirstname", limit: DirectoryRules.maxName + 1),
            lastName: AdminPage.text(request, "UserLastname", limit: DirectoryRules.maxName + 1),
            isValid: AdminPage.isValid(request))
    }

    static func list(_ request: ActionRequest, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let search = AdminPage.text(request, "Search", limit: 100)
        let rows: [[String: Any]] = try await request.env.engine.administration.customerAccounts(search: search).map {
            ["ID": $0.id.rawValue, "Login": $0.login, "FirstName": $0.firstName, "LastName": $0.lastName,
             "Email": $0.email, "CustomerID": $0.customerID, "Valid": $0.isValid]
        }
        return try await AdminPage.render(request, action: name, template: "admin-customer-user", title: "Customer users",
            ["Users": rows, "Search": search, "HasUsers": !rows.isEmpty, "Limit": Administration.searchLimit],
            notice: notice, error: error, status: status)
    }

    static func form(_ request: ActionRequest, _ user: CustomerAccount, isNew: Bool, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let companies: [[String: Any]] = try await request.env.engine.administration.customerCompanies().map {
            ["CustomerID": $0.customerID, "Name": $0.name, "Selected": $0.customerID == user.customerID]
        }
        let values: [String: Any] = [
            "IsNew": isNew, "Subaction": isNew ? "AddAction" : "ChangeAction", "Companies": companies,
            "HasCompanies": !companies.isEmpty,
            "User": ["ID": user.id.rawValue, "Login": user.login, "FirstName": user.firstName, "LastName": user.lastName,
                     "Email": user.email, "Valid": user.isValid] as [String: Any],
            "Limits": AdminUser.limits,
        ]
        return try await AdminPage.render(request, action: name, template: "admin-customer-user-edit",
            title: isNew ? "Add customer user" : "Edit customer user \(user.login)", values, error: error, status: status)
    }
}
