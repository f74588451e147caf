import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AdminCustomerCompany` (admins): customer companies: search, add, edit (name, validity).
/// The customer ID is the company's key and stays as it was added.
enum AdminCustomerCompany: ChatAction {
    static let name = "AdminCustomerCompany"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { ["", "Add", "AddAction", "Change", "ChangeAction"] }
    static var isChatAction: Bool { false }

    static func page(_ request: ActionRequest) async throws -> Response {
        if let elsewhere = AdminPage.peopleElsewhere(request) { return elsewhere }
        let admin = request.env.engine.administration
        switch request.subaction {
        case "Add":
            return try await form(request, CustomerCompany(customerID: "", name: ""), isNew: true)
        case "Change":
            do {
                return try await form(request, try await admin.customerCompany(AdminPage.text(request, "CustomerID", limit: 200)),
                    isNew: false)
            } catch {
                return try await list(request, error: AdminPage.readable(error), status: AdminPage.status(of: error))
            }
        case "AddAction", "ChangeAction":
            if let refusal = AdminPage.refusal(request) {
                return try await list(request, error: refusal.message, status: refusal.status)
            }
            let isNew = request.subaction == "AddAction"
            let typed = CustomerCompany(
                customerID: AdminPage.text(request, "CustomerID", limit: DirectoryRules.maxCustomerID + 1),
                name: AdminPage.text(request, "CustomerCompanyName", limit: DirectoryRules.maxCompanyName + 1),
                isValid: AdminPage.isValid(request))
            do {
                if isNew {
                    _ = try await admin.addCustomerCompany(typed)
                    return try await list(request, notice: "Customer company \(typed.customerID) added.")
                }
                try await admin.updateCustomerCompany(typed)
                return try await list(request, notice: "Customer company \(typed.customerID) updated.")
            } catch {
                return try await form(request, typed, isNew: isNew, error: AdminPage.readable(error),
                    status: AdminPage.status(of: error))
            }
        default:
            return try await list(request)
        }
    }

    static func list(_ request: ActionRequest, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let search = AdminPage.text(request, "Search", limit: 100)
        let rows: [[String: Any]] = try await request.env.engine.administration.customerCompanies(search: search).map {
            ["CustomerID": $0.customerID, "Name": $0.name, "Valid": $0.isValid]
        }
        return try await AdminPage.render(request, action: name, template: "admin-customer-company",
            title: "Customer companies", ["Companies": rows, "Search": search, "HasCompanies": !rows.isEmpty,
                                          "Limit": Administration.searchLimit],
            notice: notice, error: error, status: status)
    }

    static func form(_ request: ActionRequest, _ company: CustomerCompany, isNew: Bool, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let values: [String: Any] = [
            "IsNew": isNew, "Subaction": isNew ? "AddAction" : "ChangeAction",
            "Company": ["CustomerID": company.customerID, "Name": company.name, "Valid": company.isValid] as [String: Any],
            "MaxID": DirectoryRules.maxCustomerID, "MaxName": DirectoryRules.maxCompanyName,
        ]
        return try await AdminPage.render(request, action: name, template: "admin-customer-company-edit",
            title: isNew ? "Add customer company" : "Edit customer company \(company.customerID)", values, error: error,
            status: status)
    }
}
