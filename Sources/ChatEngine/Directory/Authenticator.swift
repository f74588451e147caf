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

    /// An agent's login; nil for a wrong login or password, an invalid or locked account (the caller does
    /// not learn which).
    public func loginAgent(_ login: String, password: String) async throws -> Login? {
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

    private func startSession(_ kind: SessionRecord.UserKind, userID: Int64, person: Person) async throws -> Login {
        let token = Self.randomToken()
        let challenge = Self.randomToken()
        let now = service.now()
        try await store.createSession(tokenHash: Self.digest(token), kind: kind, userID: userID, challenge: challenge,
            now: now, expiresAt: now.addingTimeInterval(maxIdle))
        return Login(token: token, challenge: challenge, person: person)
    }

    /// The person behind a session token, sliding its idle expiry up to `maxAge` after the login; nil when
    /// unknown or expired.
    public func session(_ token: String) async throws -> (person: Person, challenge: String)? {
        let now = service.now()
        guard let session = try await store.session(tokenHash: Self.digest(token), now: now) else { return nil }
        let end = Date(timeIntervalSince1970: TimeInterval(session.createdAt) / 1000 + maxAge)
        guard now < end else {
            try await store.deleteSession(tokenHash: Self.digest(token))
            return nil
        }
        try await store.touchSession(tokenHash: Self.digest(token), now: now,
            expiresAt: min(now.addingTimeInterval(maxIdle), end))
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
