import ChatCore
import Foundation

/// The durable outbox (`ce_outbox`): work that must happen after a commit and may fail (ticket articles,
/// mail), retried with backoff, claimed by one process at a time. What an item does is the engine's
/// business (`ChatEngine/Outbox`); the store keeps the items and decides who may take one.
public protocol OutboxRepository: Sendable {
    /// Queues work due at `now`. A second enqueue with the same idempotency key queues nothing and
    /// returns the item already there (`isNew` false), whatever its state.
    func enqueueOutbox(_ item: NewOutboxItem, now: Date) async throws -> (item: OutboxItem, isNew: Bool)
    /// Appends to a chat as `ChatRepository.append` does and queues `items` (due at `now`) in the same
    /// transaction: the events and the work are both written or neither (a refused append queues nothing, a
    /// failed enqueue leaves the chat as it was). An item whose key was queued before is not queued again.
    func append(to chat: Chat, actor: Person, kinds: [ChatEventKind], commandID: String?, now: Date,
        queueing items: [NewOutboxItem]) async throws -> AppendResult
    /// Takes up to `limit` pending items that are due and not claimed (or whose claim ran out: a dead
    /// process's), earliest due first, for `claimer` until `now + lease`; counts an attempt on each.
    /// Two claimers never get the same item while its claim runs (PostgreSQL: `FOR UPDATE SKIP LOCKED`;
    /// SQLite: the one writer's `BEGIN IMMEDIATE`).
    func claimOutbox(by claimer: String, now: Date, lease: TimeInterval, limit: Int) async throws -> [OutboxItem]
    /// Marks a claimed item done; false (and nothing changed) unless `claimer` holds its claim.
    func completeOutbox(id: Int64, by claimer: String, now: Date) async throws -> Bool
    /// Records a claimed attempt's failure: pending again at `retryAt`, or `failed` (waiting for an admin's
    /// retry) when `retryAt` is nil. False (and nothing changed) unless `claimer` holds its claim.
    func failOutbox(id: Int64, by claimer: String, error: String, retryAt: Date?, now: Date) async throws -> Bool
    /// An admin's retry of a failed or pending item: pending, due now, its attempts counted afresh (the last
    /// error stays until the next attempt). A claimed item keeps its claim. False for a done or missing item.
    func retryOutbox(id: Int64, now: Date) async throws -> Bool
    /// Items, newest first, optionally of one state.
    func outboxItems(state: OutboxState?, limit: Int) async throws -> [OutboxItem]
    func outboxItem(id: Int64) async throws -> OutboxItem?
    func outboxItem(idempotencyKey: String) async throws -> OutboxItem?
    /// How many items are in each state (states without items are absent).
    func outboxCounts() async throws -> [OutboxState: Int]
}

public enum OutboxState: String, Sendable, CaseIterable {
    /// Waiting for its next attempt (or being attempted, while claimed).
    case pending
    case done
    /// Gave up after `ChatEngine::Outbox::MaxAttempts` (or a permanent error): waits for an admin's retry.
    case failed
}

public struct NewOutboxItem: Sendable, Equatable {
    /// Which handler performs it (`ticket-articles`, `mail`).
    public var kind: String
    /// The same work always has the same key: queued once, and passed to the target so that a retry
    /// never repeats an effect that already happened.
    public var idempotencyKey: String
    /// The handler's own versioned format (JSON text).
    public var payload: String

    public init(kind: String, idempotencyKey: String, payload: String) {
        self.kind = kind
        self.idempotencyKey = idempotencyKey
        self.payload = payload
    }
}

public struct OutboxItem: Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var idempotencyKey: String
    public var payload: String
    public var state: OutboxState
    /// Attempts started (counted when claimed, so a process that died mid-attempt counts too).
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    /// The process that holds (or last held) it, and until when its claim runs.
    public var claimedBy: String?
    public var claimedUntil: Date?
    public var createdAt: Date
    public var updatedAt: Date
    public var doneAt: Date?

    public init(id: Int64, kind: String, idempotencyKey: String, payload: String, state: OutboxState, attempts: Int,
        nextAttemptAt: Date, lastError: String?, claimedBy: String?, claimedUntil: Date?, createdAt: Date, updatedAt: Date,
        doneAt: Date?)
    {
        self.id = id
        self.kind = kind
        self.idempotencyKey = idempotencyKey
        self.payload = payload
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.claimedBy = claimedBy
        self.claimedUntil = claimedUntil
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.doneAt = doneAt
    }
}
