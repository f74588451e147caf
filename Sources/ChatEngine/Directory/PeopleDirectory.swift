import ChatCore
import Foundation

/// Where ChatEngine's people come from, defined once: ChatEngine's own tables (`EmbeddedDirectory`, the
/// default) or the ticket system's database (`TicketSystemDirectory`, beside Znuny and OTRS). The chat rules
/// and the web layer never learn which one answers.
///
/// Identity: a person is ChatEngine's own agent or customer-user ID. Beside a ticket system each of them
/// is a copy of one of its rows, found by that system's key: an agent's `users.id`, a customer user's
/// `CustomerKey` (the login by default), a group's and a role's ID. So a rename there keeps the person, and
/// an installation that started on its own directory moves by switching the setting: at the first refresh
/// each of its agents, groups and roles is taken over by the ticket system's row with the same login or
/// name (customer users as they next log in), and its chats keep their people.
public protocol PeopleDirectory: Sendable {
    /// For logs and `/health`: which directory this is.
    var name: String { get }
    /// Whether people are managed in ChatEngine (commands, admin screens), not in the ticket system.
    var managesPeople: Bool { get }
    /// May this password log the agent in? Exact login; the caller does not learn why not.
    func authenticateAgent(login: String, password: String) async throws -> LoginOutcome<AgentID>
    func authenticateCustomer(login: String, password: String) async throws -> LoginOutcome<CustomerUserID>
    /// The groups and permission keys an agent holds, directly and through roles.
    func permissions(of agent: AgentID) async throws -> AgentPermissions
    /// Brings ChatEngine's copy of the people up to date (nothing to do for its own tables); returns the
    /// agents who can no longer log in, whose sessions have ended.
    func refresh() async throws -> [AgentID]
    /// Why logins are refused now (the ticket system's database cannot be reached), or nil.
    func problem() -> String?

    // MARK: single sign-on (the ticket system's sessions)

    /// The ticket system's session cookies; nil when this directory has no sessions to sign on with.
    var ticketSessionCookies: TicketSessionCookies? { get }
    /// Whose ticket-system session this is, when the ticket system would accept it now, for this interface,
    /// from this client address. A forged, expired or foreign ID is `.refused`, never an error.
    func signOn(ticketSession id: String, asAgent: Bool, clientAddress: String, now: Date) async throws -> LoginOutcome<SignedOn>
    /// Whether that ticket-system session still exists (logging out there ends chat access); nil when the
    /// ticket system cannot tell now.
    func ticketSessionExists(_ id: String) async -> Bool?
}

/// A directory without ticket-system sessions (ChatEngine's own) signs nobody on.
extension PeopleDirectory {
    public var ticketSessionCookies: TicketSessionCookies? { nil }

    public func signOn(ticketSession id: String, asAgent: Bool, clientAddress: String, now: Date) async throws
        -> LoginOutcome<SignedOn>
    {
        .refused
    }

    public func ticketSessionExists(_ id: String) async -> Bool? { nil }
}

/// A person signed on with a ticket-system session that ends at `endsAt` (its SessionMaxTime).
public struct SignedOn: Sendable, Equatable {
    public var person: Person
    public var endsAt: Date
}

/// The names and path of the ticket system's session cookies (`SessionName`, `CustomerPanelSessionName`,
/// `/` + `ScriptAlias`).
public struct TicketSessionCookies: Sendable, Equatable {
    public var agent: String
    public var customer: String
    public var path: String
}

/// The answer to a login.
public enum LoginOutcome<ID: Sendable>: Sendable {
    case accepted(ID)
    /// A wrong login or password, an invalid or locked account: the person is not told which.
    case refused
    /// The directory cannot answer now (its database is unreachable); the reason is for the log.
    case unavailable(String)
}
