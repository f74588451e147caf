import ChatCore
import ChatStore

/// A customer user's language (OTRS's `UserLanguage` customer preference): chosen on the customer chat page
/// with ChatEngine's own directory; beside a ticket system chosen there and only read here.
extension Account {
    /// Where a customer user's language is chosen.
    public enum LanguagePlace: Sendable, Equatable {
        /// Here, with `setLanguage`.
        case here
        /// In the ticket system's own preferences screen (its address, when known).
        case ticketSystem(url: String?)
    }

    public var customerLanguagePlace: LanguagePlace {
        if service.people.managesPeople { return .here }
        return .ticketSystem(url: (service.people as? TicketSystemDirectory)?.customerPreferencesURL)
    }

    /// The customer user's stored language code, or nil when they chose none (then the page and browser decide).
    public func language(of customer: CustomerUserID) async throws -> String? {
        try await store.customerPreference(.language, of: customer)
    }

    /// The person's own language, one of `available` (the languages with a language file, and English); ""
    /// forgets the choice. Only a customer user sets it, only their own, and only where ChatEngine keeps it.
    public func setLanguage(of person: Person, to code: String, available: [String]) async throws {
        guard case .customer(let customer) = person else {
            throw EngineError.refused("only customer users choose their language here")
        }
        guard customerLanguagePlace == .here else {
            throw EngineError.refused("the language is chosen in the preferences of \(service.people.name)")
        }
        guard code.isEmpty || available.contains(code) else {
            throw DirectoryRuleError(field: "Language", problem: "is not one of the available languages (\(available.joined(separator: ", ")))")
        }
        guard try await store.customerUser(id: customer) != nil else { throw EngineError.notFound("customer user \(customer.rawValue)") }
        try await store.setCustomerPreference(.language, value: code, for: customer)
    }
}
