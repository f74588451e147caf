/// `ChatEngine::Directory::*`: where people come from (see `ChatEngine.xml`).
public struct DirectorySettings: Sendable, Equatable {
    public enum Backend: String, Sendable {
        case embedded = "Embedded"
        case ticketSystemDatabase = "TicketSystemDatabase"
    }

    public var backend: Backend
    /// The ticket system's home (its Kernel/Config.pm); empty: this home.
    public var ticketSystemHome: String
    /// The database user (and password) to read the ticket system's people as, instead of its DatabaseUser.
    public var databaseUser: String
    public var databasePassword: String
    /// Seconds between two readings of the ticket system's people.
    public var refreshInterval: Int
    /// Seconds to wait for the ticket system's database.
    public var timeout: Int
    /// A valid ticket-system session (its cookie) logs the person in without a second login.
    public var singleSignOn: Bool
    /// Only single sign-on: ChatEngine's password login is off (the ticket system's login, with its second
    /// factor, is the only way in).
    public var singleSignOnOnly: Bool
    /// Seconds between two checks that the ticket-system session a ChatEngine session is bound to still exists.
    public var sessionCheckInterval: Int

    init(reading r: inout SettingReader) {
        let d = "ChatEngine::Directory::"
        let name = r.string(d + "Backend")
        backend = Backend(rawValue: name) ?? .embedded
        if Backend(rawValue: name) == nil && r.config.value(named: d + "Backend") != nil {
            r.report(d + "Backend", "must be Embedded or TicketSystemDatabase, not '\(name)'")
        }
        ticketSystemHome = r.string(d + "TicketSystemHome")
        databaseUser = r.string(d + "DatabaseUser")
        databasePassword = r.string(d + "DatabasePassword")
        refreshInterval = r.int(d + "RefreshInterval", atLeast: 1)
        timeout = r.int(d + "Timeout", atLeast: 1)
        singleSignOn = r.bool(d + "SingleSignOn")
        singleSignOnOnly = r.bool(d + "SingleSignOnOnly")
        sessionCheckInterval = r.int(d + "SessionCheckInterval", atLeast: 1)
    }
}
