/// Performs one kind of outbox work (`ticket-articles`, later `mail`). `perform` gets the item's
/// idempotency key and must pass it on to the target, so that a retry after an attempt whose outcome got
/// lost (a timeout, a process that died) never repeats an effect that already happened.
public protocol OutboxHandler: Sendable {
    /// The kind of item it performs, as enqueued.
    var kind: String { get }
    /// Throwing records the error and retries later (with backoff); `OutboxPermanentError` gives up at once.
    func perform(_ work: OutboxWork) async throws
}

/// One attempt of an outbox item.
public struct OutboxWork: Sendable {
    public var id: Int64
    public var kind: String
    public var idempotencyKey: String
    public var payload: String
    /// 1 for the first attempt.
    public var attempt: Int

    public init(id: Int64, kind: String, idempotencyKey: String, payload: String, attempt: Int) {
        self.id = id
        self.kind = kind
        self.idempotencyKey = idempotencyKey
        self.payload = payload
        self.attempt = attempt
    }
}

/// A failure no retry can mend (a payload this ChatEngine cannot read): the item is `failed` at once and
/// waits for an admin.
public struct OutboxPermanentError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
