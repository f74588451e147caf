import ChatCore

/// Customer users' preferences (their language), kept in the database as OTRS keeps `customer_preferences`:
/// chosen in ChatEngine with its own directory, copied from the ticket system's at each login beside one.
public protocol CustomerPreferenceRepository: Sendable {
    /// The stored value of one preference, or nil when none is stored.
    func customerPreference(_ name: CustomerPreference, of customer: CustomerUserID) async throws -> String?
    /// Stores the value; an empty value removes the preference.
    func setCustomerPreference(_ name: CustomerPreference, value: String, for customer: CustomerUserID) async throws
}
