import ChatStore

/// The reads ChatEngine makes of the ticket system's database, whichever engine holds it: PostgreSQL
/// (`TicketSystemDatabase`) or MySQL/MariaDB (`TicketSystemMariaDB`). Each answers as the ticket system does
/// on that engine (on MariaDB logins and session IDs compare without case, as Znuny finds them there).
public protocol TicketSystemReader: Sendable {
    var config: TicketSystemConfig { get }
    /// The layout, checked once: unknown tables or columns are a `.layout` failure naming them.
    func checkLayout() async throws -> TicketSystemLayout
    /// Agents, groups, roles and the permission keys chat uses, as the ticket system holds them now.
    func snapshot() async throws -> DirectorySnapshot
    /// The queues with the name of the group that decides who sees and writes their tickets (for the
    /// GenericInterface ticket backend, which filters what the service user is shown by the agent's rights).
    func queues() async throws -> [TicketSystemQueueRow]
    /// A valid agent's row found by login as the ticket system's Auth::DB finds it, with their failed-login count.
    func agent(login: String) async throws -> TicketSystemAgentRow?
    /// A customer user's row found by login, whatever its validity (Znuny checks that after the password),
    /// with their `UserLanguage` preference.
    func customer(login: String) async throws -> TicketSystemCustomerRow?
    /// The session with this ID, as its rows say now (nil when there are none).
    func session(id: String) async throws -> TicketSession?
    func close() async
}

/// Opens the reader the DSN's driver calls for.
public enum TicketSystemReaders {
    public static func open(config: TicketSystemConfig, timeout: Duration) -> any TicketSystemReader {
        switch config.database.driver {
        case .postgres: TicketSystemDatabase(config: config, timeout: timeout)
        case .mysql: TicketSystemMariaDB(config: config, timeout: timeout)
        }
    }
}

public struct TicketSystemQueueRow: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var group: String
    public var isValid: Bool

    public init(id: Int64, name: String, group: String, isValid: Bool) {
        self.id = id
        self.name = name
        self.group = group
        self.isValid = isValid
    }
}

public struct TicketSystemAgentRow: Sendable {
    public var key: String
    /// As stored: the canonical spelling, whatever was typed.
    public var login: String
    public var storedPassword: String
    public var failedLogins: Int

    public init(key: String, login: String, storedPassword: String, failedLogins: Int) {
        self.key = key
        self.login = login
        self.storedPassword = storedPassword
        self.failedLogins = failedLogins
    }
}

public struct TicketSystemCustomerRow: Sendable {
    public var user: MirroredCustomerUser
    public var storedPassword: String
    /// Their `UserLanguage` in `customer_preferences` ("" when none), as they chose it in the ticket system.
    public var language: String

    public init(user: MirroredCustomerUser, storedPassword: String, language: String = "") {
        self.user = user
        self.storedPassword = storedPassword
        self.language = language
    }
}

/// Beyond the database's reach or an unknown layout, with what to tell an admin.
public enum TicketSystemFailure: Error, Sendable, CustomStringConvertible {
    case unreachable(String)
    case layout(String)

    public var description: String {
        switch self {
        case .unreachable(let why), .layout(let why): why
        }
    }
}
