import ChatStore
import Foundation

/// An outbox item as the engine shows it (the admin screen, the command line): everything but its payload.
public struct OutboxEntry: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        case pending, done, failed
    }

    public var id: Int64
    public var kind: String
    public var idempotencyKey: String
    public var state: State
    public var attempts: Int
    public var nextAttemptAt: Date
    public var lastError: String?
    /// The process that holds (or last held) it; `claimedUntil` is set while an attempt may be running.
    public var claimedBy: String?
    public var claimedUntil: Date?
    public var createdAt: Date
    public var doneAt: Date?

    init(_ item: OutboxItem) {
        id = item.id
        kind = item.kind
        idempotencyKey = item.idempotencyKey
        state = State(item.state)
        attempts = item.attempts
        nextAttemptAt = item.nextAttemptAt
        lastError = item.lastError
        claimedBy = item.claimedBy
        claimedUntil = item.claimedUntil
        createdAt = item.createdAt
        doneAt = item.doneAt
    }
}

extension OutboxEntry.State {
    init(_ state: OutboxState) {
        self = switch state {
        case .pending: .pending
        case .done: .done
        case .failed: .failed
        }
    }

    var stored: OutboxState {
        switch self {
        case .pending: .pending
        case .done: .done
        case .failed: .failed
        }
    }
}
