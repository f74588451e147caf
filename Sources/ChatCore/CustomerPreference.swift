/// What a customer user chose for themselves, kept per customer user under OTRS's preference names
/// (`customer_preferences.preferences_key`): for now their language.
public enum CustomerPreference: String, Sendable, CaseIterable {
    /// A language code as OTRS writes it (`de`, `pt_BR`); absent: the page's `Lang`, then the browser decides.
    case language = "UserLanguage"

    /// The longest value kept; a longer one (never a language code) is not stored.
    public static let maxValueLength = 20
}
