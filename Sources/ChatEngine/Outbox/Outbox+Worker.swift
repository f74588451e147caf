import ChatStore
import Foundation
import Logging

/// What one pass over the due items did.
public struct OutboxRound: Sendable, Equatable {
    public var done = 0
    /// Failed attempts that will be retried later.
    public var retried = 0
    /// Gave up: `MaxAttempts` reached or a permanent error.
    public var failed = 0
    /// Attempts whose outcome was not recorded (shutdown mid-attempt, or the claim was lost): taken again
    /// after the claim runs out.
    public var unrecorded = 0

    public init() {}

    public var attempted: Int { done + retried + failed + unrecorded }
}

extension Outbox {
    /// Performs due items one at a time (so several processes share the work) until none is due, `limit`
    /// were attempted, or the task is cancelled.
    @discardableResult
    public func workDue(limit: Int = .max, logger: Logger? = nil) async throws -> OutboxRound {
        var round = OutboxRound()
        while round.attempted < limit && !Task.isCancelled {
            let lease = TimeInterval(settings().claimSeconds)
            guard let item = try await store.claimOutbox(by: claimer, now: clock(), lease: lease, limit: 1).first else { break }
            await attempt(item, into: &round, logger: logger)
        }
        return round
    }

    private func attempt(_ item: OutboxItem, into round: inout OutboxRound, logger: Logger?) async {
        let work = OutboxWork(id: item.id, kind: item.kind, idempotencyKey: item.idempotencyKey, payload: item.payload,
            attempt: item.attempts)
        let failure: (any Error)?
        if let handler = handler(for: item.kind) {
            do {
                // an attempt must end before its claim does, or another process would start the same work meanwhile
                try await Self.within(seconds: max(5, settings().claimSeconds - 5)) { try await handler.perform(work) }
                failure = nil
            } catch {
                failure = error
            }
        } else {
            failure = EngineError.refused("no handler for outbox items of kind \(item.kind)")
        }
        // a shutdown cut the attempt short: the item is taken again after its claim, by this or another process
        if failure != nil && Task.isCancelled {
            round.unrecorded += 1
            return
        }
        do {
            guard let failure else {
                if try await store.completeOutbox(id: item.id, by: claimer, now: clock()) { round.done += 1 } else { round.unrecorded += 1 }
                return
            }
            let settings = settings()
            let gaveUp = failure is OutboxPermanentError || item.attempts >= settings.maxAttempts
            let now = clock()
            let retryAt = gaveUp ? nil : now.addingTimeInterval(OutboxBackoff.delay(afterAttempts: item.attempts,
                minimum: settings.retryMinimum, maximum: settings.retryMaximum, jitter: random()))
            let message = Self.message(failure)
            guard try await store.failOutbox(id: item.id, by: claimer, error: message, retryAt: retryAt, now: now) else {
                round.unrecorded += 1
                return
            }
            if gaveUp { round.failed += 1 } else { round.retried += 1 }
            logger?.warning("outbox item \(item.id) (\(item.kind)) attempt \(item.attempts) failed\(gaveUp ? ", giving up" : ""): \(message)")
        } catch {
            round.unrecorded += 1
            logger?.error("outbox item \(item.id): recording its outcome failed: \(error)")
        }
    }

    /// Runs `body`, cancelled and counted as failed after `seconds`.
    static func within(seconds: Int, _ body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                throw EngineError.unavailable("the attempt took longer than \(seconds) s (ChatEngine::Outbox::ClaimSeconds less 5)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    static func message(_ error: any Error) -> String {
        if let engine = EngineError.classify(error) { return engine.description }
        return String(describing: error)
    }

    /// The worker loop of a server: due items now, then again after each `ChatEngine::Outbox::PollInterval`
    /// (at once after a local enqueue or retry), until the task is cancelled.
    public func run(logger: Logger) async {
        while !Task.isCancelled {
            woken.withLock { $0 = false }
            do {
                try await workDue(logger: logger)
            } catch {
                if Task.isCancelled { return }
                logger.error("the outbox cannot be read: \(error)")
            }
            await pause(seconds: settings().pollInterval)
        }
    }

    /// Sleeps up to `seconds`, in short steps so a local enqueue or a shutdown ends it early.
    private func pause(seconds: Int) async {
        let end = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < end && !Task.isCancelled && !woken.withLock({ $0 }) {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
