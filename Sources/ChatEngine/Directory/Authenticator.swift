import ChatCore
import ChatStore
import Crypto
import Foundation

/// Logins, server-side sessions and public visitors. Tokens are random; the store keeps only their
/// SHA-256, so a leaked database holds no usable session. Sessions live in the store: a restart logs
/// nobody out.
public struct Authenticator: Sendable {
    public let service: ChatService
    /// A session ends after this much inactivity (OTRS's SessionMaxIdleTime default)...
    public var maxIdle: TimeInterval = 2 * 3600
    /// ...and after this long in any case (OTRS's SessionMaxTime default).
    public var maxAge: TimeInterval = 16 * 3600

    public init(service: ChatService) {
        self.service = service
    }

    public struct Login: Sendable {
        /// The secret for the HttpOnly cookie.
        public let token: String
        /// The CSRF challenge token every state change must carry.
        public let challenge: String
        public let person: Person
    }

    var store: any ChatStoreProtocol { service.store }

    /// The directory cannot check passwords now (the ticket system's database does not answer).
    public struct DirectoryUnavailable: Error, Sendable, CustomStringConvertible {
        /// For the log; people are told only that logging in is not possible right now.
        public let description: String
    }

    /// Beside a ticket system with `SingleSignOnOnly`, people log in there (with its second factor) only.
    public var passwordLoginIsOff: Bool {
        let directory = service.settings.directory
        return !service.people.managesPeople && directory.singleSignOn && directory.singleSignOnOnly
    }

    /// An agent's login; nil for a wrong login or password, an invalid or locked account (the caller does
    /// not learn which).
    public func loginAgent(_ login: String, password: String) async throws -> Login? {
        guard !passwordLoginIsOff else { return nil }
        switch try await service.people.authenticateAgent(login: login, password: password) {
        case .accepted(let agent):
            try await service.agentLoggedIn(agent)
            return try await startSession(.agent, userID: agent.rawValue, person: .agent(agent))
        case .refused:
            return nil
        case .unavailable(let why):
            throw DirectoryUnavailable(description: why)
        }
    }

    public func loginCustomer(_ login: String, password: String) async throws -> Login? {
        guard !passwordLoginIsOff else { return nil }
        switch try await service.people.authenticateCustomer(login: login, password: password) {
        case .accepted(let customer):
            service.presence.input(.customer(customer), at: service.now())
            return try await startSession(.customer, userID: customer.rawValue, person: .customer(customer))
        case .refused:
            return nil
        case .unavailable(let why):
            throw DirectoryUnavailable(description: why)
        }
    }

    /// A new session; `boundTo` a ticket-system session (single sign-on) with its hard end.
    func startSession(_ kind: SessionRecord.UserKind, userID: Int64, person: Person,
        boundTo ticketSession: (id: String, endsAt: Date)? = nil) async throws -> Login
    {
        let token = Self.randomToken()
        let challenge = Self.randomToken()
        let now = service.now()
        let binding = ticketSession.map {
            TicketSessionBinding(sealedID: Self.seal($0.id, with: token), endsAt: StoreClock.millis($0.endsAt),
                checkedAt: StoreClock.millis(now))
        }
        try await store.createSession(tokenHash: Self.digest(token), kind: kind, userID: userID, challenge: challenge,
            now: now, expiresAt: now.addingTimeInterval(maxIdle), ticketSession: binding)
        return Login(token: token, challenge: challenge, person: person)
    }

    /// The person behind a session token; nil when unknown or over. Its idle expiry slides with use (not
    /// when only `watching`) up to `maxAge` after the login. A session made by single sign-on also ends with
    /// the ticket system's session: when that is gone (looked at every `SessionCheckInterval`) or its
    /// SessionMaxTime has passed.
    public func session(_ token: String, watching: Bool = false) async throws -> (person: Person, challenge: String)? {
        let now = service.now()
        let hash = Self.digest(token)
        guard let session = try await store.session(tokenHash: hash, now: now) else { return nil }
        var end = Date(timeIntervalSince1970: TimeInterval(session.createdAt) / 1000 + maxAge)
        if let bound = session.ticketSession {
            end = min(end, Date(timeIntervalSince1970: TimeInterval(bound.endsAt) / 1000))
            if now < end, try await !ticketSessionStands(bound, token: token, now: now) { end = now }
        }
        guard now < end else {
            try await store.deleteSession(tokenHash: hash)
            return nil
        }
        if !watching {
            try await store.touchSession(tokenHash: hash, now: now, expiresAt: min(now.addingTimeInterval(maxIdle), end))
        }
        let person: Person = session.userKind == .agent ? .agent(AgentID(session.userID)) : .customer(CustomerUserID(session.userID))
        return (person, session.challenge)
    }

    public func logout(_ token: String) async throws {
        let session = try await session(token)
        if let session { service.presence.loggedOut(session.person) }
        try await store.deleteSession(tokenHash: Self.digest(token))
        if let session { try await service.sweepPresence(only: [session.person]) }
    }

    /// A public visitor: a name and an unguessable token the page keeps (not a cookie, so it works in a
    /// frame on another site).
    public func registerVisitor(name: String) async throws -> (visitor: VisitorID, token: String) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.unicodeScalars.count <= 100 else {
            throw ChatError.invalidTarget("a name of 1 to 100 characters is needed")
        }
        let visitor = VisitorID(Self.randomToken(bytes: 12))
        let token = Self.randomToken()
        try await store.addVisitor(id: visitor, tokenHash: Self.digest(token), name: trimmed, now: service.now())
        return (visitor, token)
    }

    public func visitor(_ token: String) async throws -> VisitorID? {
        try await store.visitor(tokenHash: Self.digest(token))?.id
    }

    static func randomToken(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func digest(_ token: String) -> String {
        SHA256.hash(data: Array(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
