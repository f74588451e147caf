import ChatCore
import ChatStore

/// AdminCustomerCompany and AdminCustomerUser. A customer user made invalid, or given a new password, loses
/// every session at once and their open pages are closed.
extension Administration {
    /// At most this many rows answer a search (OTRS's screens cap their lists the same way).
    public static let searchLimit = 250

    public func customerCompanies(search: String = "") async throws -> [CustomerCompany] {
        try requireOwnDirectory()
        return try await store.customerCompanies(search: search, limit: Self.searchLimit).map(CustomerCompany.init)
    }

    public func customerCompany(_ customerID: String) async throws -> CustomerCompany {
        try requireOwnDirectory()
        guard let record = try await store.customerCompany(id: customerID) else {
            throw EngineError.notFound("customer company \(customerID)")
        }
        return CustomerCompany(record)
    }

    public func addCustomerCompany(_ form: CustomerCompany) async throws -> CustomerCompany {
        try requireOwnDirectory()
        try DirectoryRules.checkCustomerID(form.customerID)
        try DirectoryRules.checkCompanyName(form.name)
        guard try await store.customerCompany(id: form.customerID) == nil else {
            throw EngineError.duplicate("a customer company with the ID \(form.customerID)")
        }
        try await store.addCustomerCompany(id: form.customerID, name: form.name)
        if !form.isValid { try await store.updateCustomerCompany(form.customerID, name: form.name, isValid: false) }
        return form
    }

    /// Saves a company's name and validity (its ID is its key, as in OTRS's screen).
    public func updateCustomerCompany(_ form: CustomerCompany) async throws {
        try requireOwnDirectory()
        try DirectoryRules.checkCompanyName(form.name)
        try await store.updateCustomerCompany(form.customerID, name: form.name, isValid: form.isValid)
    }

    public func customerAccounts(search: String = "") async throws -> [CustomerAccount] {
        try requireOwnDirectory()
        return try await store.customerUsers(search: search, limit: Self.searchLimit).map(CustomerAccount.init)
    }

    public func customerAccount(_ id: CustomerUserID) async throws -> CustomerAccount {
        try requireOwnDirectory()
        guard let record = try await store.customerUser(id: id) else { throw EngineError.notFound("customer user \(id.rawValue)") }
        return CustomerAccount(record)
    }

    public func createCustomerUser(_ form: CustomerAccount, password: String) async throws -> CustomerAccount {
        try requireOwnDirectory()
        try await check(form)
        try DirectoryRules.checkPassword(password)
        guard try await store.customerUser(login: form.login) == nil else {
            throw EngineError.duplicate("a customer user with the login \(form.login)")
        }
        let record = try await store.addCustomerUser(NewCustomerUser(login: form.login, customerID: form.customerID,
            email: form.email, firstName: form.firstName, lastName: form.lastName, passwordHash: await hasher.hash(password)))
        var created = CustomerAccount(record)
        if !form.isValid {
            created.isValid = false
            try await save(created)
        }
        return created
    }

    /// Saves a customer user's fields and, when given, a new password; invalidated or given a new password,
    /// their sessions end and their pages close.
    public func updateCustomerUser(_ form: CustomerAccount, newPassword: String? = nil) async throws {
        try requireOwnDirectory()
        try await check(form)
        if let newPassword { try DirectoryRules.checkPassword(newPassword) }
        guard let before = try await store.customerUser(id: form.id) else {
            throw EngineError.notFound("customer user \(form.id.rawValue)")
        }
        if let other = try await store.customerUser(login: form.login), other.id != form.id {
            throw EngineError.duplicate("a customer user with the login \(form.login)")
        }
        try await save(form)
        if let newPassword {
            try await store.setPassword(customer: form.id, hash: await hasher.hash(newPassword), keepingSession: nil)
        }
        if (before.isValid && !form.isValid) || newPassword != nil { service.endAccess(.customer(form.id)) }
    }

    private func check(_ form: CustomerAccount) async throws {
        try DirectoryRules.checkLogin(form.login)
        try DirectoryRules.checkName("First name", form.firstName)
        try DirectoryRules.checkName("Last name", form.lastName)
        try DirectoryRules.checkEmail(form.email)
        try DirectoryRules.checkCustomerID(form.customerID)
        guard try await store.customerCompany(id: form.customerID) != nil else {
            throw EngineError.refused("there is no customer company \(form.customerID); add it first")
        }
    }

    private func save(_ account: CustomerAccount) async throws {
        try await store.updateCustomerUser(account.id, login: account.login, customerID: account.customerID,
            email: account.email, firstName: account.firstName, lastName: account.lastName, isValid: account.isValid)
    }
}
