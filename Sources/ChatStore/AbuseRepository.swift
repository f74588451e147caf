import ChatCore
import Foundation

/// Abuse protection kept in the database, so every server node sees the same counts and blocks: new chat
/// requests counted per key (an address, a visitor, a customer user) within a window, and agents' blocks
/// of visitors (by visitor and by address) until they expire.
public protocol AbuseRepository: Sendable {
    /// Counts one request under every key when each has fewer than its limit since `now - window`; else
    /// counts nothing and returns the first key at its limit. Concurrent requests cannot slip past a limit.
    func countRequest(_ keys: [RequestCountKey], window: TimeInterval, now: Date) async throws -> RequestCountKey?
    /// When the oldest counted request under `key` leaves the window (the key is allowed again then).
    func requestCountReleases(_ key: String, window: TimeInterval, now: Date) async throws -> Date?
    func addVisitorBlock(_ block: VisitorBlock) async throws
    /// The latest end of a block in force at `now` for this visitor or this address.
    func visitorBlockedUntil(visitor: VisitorID?, address: String?, now: Date) async throws -> Date?
    /// The address a visitor's first request came from.
    func visitorAddress(_ visitor: VisitorID) async throws -> String?
    /// Deletes counts and blocks that no longer matter; returns how many rows.
    func deleteExpiredAbuseRecords(countsBefore: Date, blocksBefore: Date) async throws -> Int

    /// Appends as `ChatRepository.append` does; with `senderRate`, refuses (`SenderRateExceeded`, nothing
    /// written) when the sender's messages in the log leave no room, checked in the append's transaction.
    func append(to chat: Chat, actor: Person, kinds: [ChatEventKind], commandID: String?, now: Date,
        senderRate: SenderRate?) async throws -> AppendResult

    /// Counts a login attempt as a failure under every key, as `attempt`, when each key has fewer than `limit`
    /// failures since `now - window`; else counts nothing and returns the first key at its limit. Counted
    /// before the password check, so parallel guesses (on any node) cannot slip past the limit.
    func reserveLoginAttempt(_ keys: [String], attempt: String, limit: Int, window: TimeInterval, now: Date) async throws
        -> String?
    /// When the oldest failure counted under `key` leaves the window.
    func loginFailuresRelease(_ key: String, window: TimeInterval, now: Date) async throws -> Date?
    /// Takes back what `attempt` counted (the login succeeded, or could not be checked).
    func releaseLoginAttempt(_ attempt: String) async throws
    /// Deletes failures counted before `before`; returns how many.
    func deleteExpiredLoginFailures(before: Date) async throws -> Int
}

/// One key of a request count and the most requests it may have within the window.
public struct RequestCountKey: Sendable, Equatable {
    public var key: String
    public var limit: Int

    public init(_ key: String, limit: Int) {
        self.key = key
        self.limit = limit
    }
}

/// An agent's block of a visitor: their token's visitor and the address of their first request.
public struct VisitorBlock: Sendable, Equatable {
    public var visitor: VisitorID
    public var address: String?
    public var chat: ChatID
    public var blockedBy: AgentID
    public var createdAt: Date
    public var expiresAt: Date

    public init(visitor: VisitorID, address: String?, chat: ChatID, blockedBy: AgentID, createdAt: Date, expiresAt: Date) {
        self.visitor = visitor
        self.address = address
        self.chat = chat
        self.blockedBy = blockedBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}
