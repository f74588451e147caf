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
