import ChatStore
import Foundation
import Synchronization
import SysConfig

/// The durable outbox: work that must happen after a commit and may fail (ticket articles now, mail
/// later), kept in ChatEngine's database until it is done. Each server process claims due items under its
/// own random `claimer` ID for `ChatEngine::Outbox::ClaimSeconds`, performs them with the handler of their
/// kind and records the outcome; a failure is retried with backoff (`OutboxBackoff`) until
/// `ChatEngine::Outbox::MaxAttempts`, then waits for an admin (`AdminChatOutbox`). Items a dead process
/// held are taken over when its claim runs out. The worker loop is `Outbox+Worker`.
public final class Outbox: Sendable {
    let store: any OutboxRepository
    let settings: @Sendable () -> OutboxSettings
    let clock: @Sendable () -> Date
    /// 0...1, for the backoff's spread.
    let random: @Sendable () -> Double
    /// This process's name in `claimed_by`: host, process ID and a random part (a restarted process with
    /// the same PID is someone else).
    public let claimer: String
    private let handlers = Mutex<[String: any OutboxHandler]>([:])
    /// Set by a local enqueue: the worker looks again at once instead of after the poll interval.
    let woken = Mutex(false)

    public init(store: any OutboxRepository, settings: @escaping @Sendable () -> OutboxSettings,
        clock: @escaping @Sendable () -> Date = { Date() }, random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) })
    {
        self.store = store
        self.settings = settings
        self.clock = clock
        self.random = random
        let host = ProcessInfo.processInfo.hostName.prefix(40)
        claimer = "\(host):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Adds (or replaces) the handler of its kind.
    public func register(_ handler: any OutboxHandler) {
        handlers.withLock { $0[handler.kind] = handler }
    }

    func handler(for kind: String) -> (any OutboxHandler)? {
        handlers.withLock { $0[kind] }
    }

    /// Queues work, due now. The same idempotency key queues nothing a second time: the item already there
    /// is returned (whatever its state), so a use case that runs twice queues its work once.
    @discardableResult
    public func enqueue(kind: String, idempotencyKey: String, payload: String) async throws -> OutboxEntry {
        guard !kind.isEmpty, kind.count <= 100, !idempotencyKey.isEmpty, idempotencyKey.count <= 400 else {
            throw EngineError.refused("an outbox item needs a kind (at most 100 characters) and an idempotency key (at most 400)")
        }
        let (item, isNew) = try await store.enqueueOutbox(
            NewOutboxItem(kind: kind, idempotencyKey: idempotencyKey, payload: payload), now: clock())
        if isNew { woken.withLock { $0 = true } }
        return OutboxEntry(item)
    }

    /// `AdminChatOutbox`: items newest first, optionally of one state.
    public func items(state: OutboxEntry.State? = nil, limit: Int = 200) async throws -> [OutboxEntry] {
        try await store.outboxItems(state: state?.stored, limit: min(max(limit, 1), 1000)).map(OutboxEntry.init)
    }

    public func item(id: Int64) async throws -> OutboxEntry? {
        try await store.outboxItem(id: id).map(OutboxEntry.init)
    }

    public func item(idempotencyKey: String) async throws -> OutboxEntry? {
        try await store.outboxItem(idempotencyKey: idempotencyKey).map(OutboxEntry.init)
    }

    /// How many items are pending, done and failed (zero included).
    public func counts() async throws -> [OutboxEntry.State: Int] {
        let stored = try await store.outboxCounts()
        return Dictionary(uniqueKeysWithValues: OutboxEntry.State.allCases.map { ($0, stored[$0.stored] ?? 0) })
    }

    /// An admin's retry of a failed or pending item: due now, with a fresh count of attempts. Refused for an
    /// item that is done or gone.
    public func retry(id: Int64) async throws {
        guard try await store.retryOutbox(id: id, now: clock()) else {
            throw EngineError.refused("only a pending or failed outbox item can be retried")
        }
        woken.withLock { $0 = true }
    }
}
