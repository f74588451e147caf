import ChatCore
import ChatStore
import Dispatch
import Foundation
import Synchronization
import TicketSystemPeople

/// The ticket system's people (Znuny, OTRS, OTOBO), read-only from its database. Passwords are checked
/// against its rows at every login, exactly as it checks them; agents, groups, roles and permission keys
/// are copied into ChatEngine's tables by `refresh` (every `ChatEngine::Directory::RefreshInterval`), so
/// people already in chats keep chatting while that database is away.
public final class TicketSystemDirectory: PeopleDirectory {
    let database: any TicketSystemReader
    let store: any ChatStoreProtocol
    /// A refused login answers no sooner than this after it began, whatever the stored hash costs (sha2 is
    /// instant, bcrypt takes a third of a second), so timing tells nobody which logins exist.
    let refusalTime: Duration
    private let currentProblem = Mutex<String?>(nil)
    private let lastCopied = Mutex<(snapshot: DirectorySnapshot, version: Int64)?>(nil)

    public init(database: any TicketSystemReader, store: any ChatStoreProtocol, refusalTime: Duration = .seconds(1)) {
        self.database = database
        self.store = store
        self.refusalTime = refusalTime
    }

    public var name: String {
        "the ticket system's database at \(database.config.database.place)"
    }

    public var managesPeople: Bool { false }
    var config: TicketSystemConfig { database.config }

    public func problem() -> String? { currentProblem.withLock { $0 } }

    /// Runs a read of the ticket system's database, keeping what went wrong for `problem()`.
    private func reading<T>(_ body: () async throws -> T) async throws -> T {
        do {
            let result = try await body()
            currentProblem.withLock { $0 = nil }
            return result
        } catch let failure as TicketSystemFailure {
            currentProblem.withLock { $0 = failure.description }
            throw failure
        }
    }

    public func authenticateAgent(login: String, password: String) async throws -> LoginOutcome<AgentID> {
        let started = ContinuousClock.now
        do {
            guard !password.isEmpty, let row = try await reading({ try await database.agent(login: login) }) else {
                return await refuse(since: started)
            }
            if config.passwordMaxLoginFailed > 0 && row.failedLogins >= config.passwordMaxLoginFailed {
                return await refuse(since: started)  // the ticket system locked the account
            }
            guard await Self.verify(password, login: row.login, stored: row.storedPassword, configured: config.agentCryptType) else {
                return await refuse(since: started)
            }
            var agent = try await store.agent(directoryKey: row.key)
            if agent?.isValid != true {  // new in the ticket system since the last refresh
                _ = try await refresh()
                agent = try await store.agent(directoryKey: row.key)
            }
            guard let agent, agent.isValid else { return await refuse(since: started) }
            return .accepted(agent.id)
        } catch let failure as TicketSystemFailure {
            return .unavailable(failure.description)
        }
    }

    public func authenticateCustomer(login: String, password: String) async throws -> LoginOutcome<CustomerUserID> {
        let started = ContinuousClock.now
        do {
            guard !password.isEmpty, let row = try await reading({ try await database.customer(login: login) }) else {
                return await refuse(since: started)
            }
            // the login as typed, as CustomerAuth::DB salts a crypt row with it (on MariaDB it may differ from the row's)
            guard await Self.verify(password, login: login, stored: row.storedPassword,
                configured: config.customerCryptType)
            else { return await refuse(since: started) }
            // as Znuny's CustomerAuth: an invalid customer user is refused after the password matched
            guard row.user.isValid else { return await refuse(since: started) }
            return .accepted(try await mirrorCustomer(row).id)
        } catch let failure as TicketSystemFailure {
            return .unavailable(failure.description)
        }
    }

    private func refuse<ID>(since started: ContinuousClock.Instant) async -> LoginOutcome<ID> {
        try? await Task.sleep(until: started + refusalTime)
        return .refused
    }

    /// Hash checks take up to a third of a second (bcrypt): off the event loops and Swift's cooperative threads.
    static func verify(_ password: String, login: String, stored: String, configured: CryptType) async -> Bool {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: TicketSystemPassword.verify(password, login: login, stored: stored,
                    configured: configured))
            }
        }
    }

    public func permissions(of agent: AgentID) async throws -> AgentPermissions {
        try await store.permissions(of: agent)  // the copy, at most one refresh interval old
    }

    // MARK: single sign-on

    public var ticketSessionCookies: TicketSessionCookies? {
        let rules = config.sessions
        let alias = rules.scriptAlias.hasPrefix("/") ? rules.scriptAlias : "/" + rules.scriptAlias
        return TicketSessionCookies(agent: rules.agentCookie, customer: rules.customerCookie, path: alias)
    }

    public func signOn(ticketSession id: String, asAgent: Bool, clientAddress: String, now: Date) async throws
        -> LoginOutcome<SignedOn>
    {
        do {
            guard let session = try await reading({ try await database.session(id: id) }),
                config.sessions.accepts(session, as: asAgent ? .agent : .customer, clientAddress: clientAddress,
                    now: Int64(now.timeIntervalSince1970))
            else { return .refused }
            let endsAt = Date(timeIntervalSince1970: TimeInterval(session.sessionStart + config.sessions.maxTime))
            if asAgent {
                // stricter than the ticket system: an agent invalidated since the session began is out
                var agent = try await store.agent(directoryKey: session.userID)
                if agent?.isValid != true {
                    _ = try await refresh()
                    agent = try await store.agent(directoryKey: session.userID)
                }
                guard let agent, agent.isValid else { return .refused }
                return .accepted(SignedOn(person: .agent(agent.id), endsAt: endsAt))
            }
            guard let row = try await reading({ try await database.customer(login: session.login) }), row.user.isValid else {
                return .refused
            }
            let customer = try await mirrorCustomer(row)
            return .accepted(SignedOn(person: .customer(customer.id), endsAt: endsAt))
        } catch let failure as TicketSystemFailure {
            return .unavailable(failure.description)
        }
    }

    public func ticketSessionExists(_ id: String) async -> Bool? {
        do {
            return try await reading { try await database.session(id: id) } != nil
        } catch {
            return nil
        }
    }

    /// Reads the people again and copies them, unless nothing changed: the same snapshot as last copied, with
    /// nobody else having changed the directory since (a node copying an older reading moves the version),
    /// costs no write transaction, which would hold the store's one writer (and every chat message) while
    /// thousands of rows are compared.
    public func refresh() async throws -> [AgentID] {
        let snapshot = try await reading { try await database.snapshot() }
        if let last = lastCopied.withLock({ $0 }), last.snapshot == snapshot, try await store.directoryVersion() == last.version {
            return []
        }
        let result = try await store.applyDirectorySnapshot(snapshot)
        lastCopied.withLock { $0 = (snapshot, result.version) }
        return result.agentsLockedOut
    }
}
