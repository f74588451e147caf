import ChatCore
import ChatStore
import TicketSystemPeople

/// A customer user's preferences beside a ticket system: the ticket system owns them (the customer changes
/// their language in its own preferences screen); ChatEngine copies them with the customer user at each
/// login, as it copies their name and e-mail, so pages keep the language while that database is away.
extension TicketSystemDirectory {
    /// Copies the customer user and their `UserLanguage` (a value too long to be a language code is dropped).
    func mirrorCustomer(_ row: TicketSystemCustomerRow) async throws -> CustomerUserRecord {
        let customer = try await store.mirrorCustomerUser(row.user)
        let language = row.language.count <= CustomerPreference.maxValueLength ? row.language : ""
        try await store.setCustomerPreference(.language, value: language, for: customer.id)
        return customer
    }

    /// The ticket system's own customer preferences screen, where its customer users choose their language.
    public var customerPreferencesURL: String {
        let rules = config.sessions
        var alias = rules.scriptAlias
        while alias.hasPrefix("/") { alias.removeFirst() }
        while alias.hasSuffix("/") { alias.removeLast() }
        if !alias.isEmpty { alias += "/" }
        return "\(rules.httpType == "https" ? "https" : "http")://\(rules.fqdn)/\(alias)customer.pl?Action=CustomerPreferences"
    }
}
