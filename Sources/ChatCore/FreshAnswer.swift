import Foundation

/// An answer read from the database, kept for at most `lifetime` seconds counted from when the read BEGAN: a
/// change committed after that moment shows within `lifetime` on every node that keeps such an answer, so nodes
/// agree within that bound. Pure: the caller keeps it and passes the time.
public struct FreshAnswer<Value: Sendable>: Sendable {
    public let value: Value
    public let readStartedAt: Date

    public init(_ value: Value, readStartedAt: Date) {
        self.value = value
        self.readStartedAt = readStartedAt
    }

    /// Whole seconds this answer may still be served (and cached downstream, `Cache-Control: max-age`), or nil
    /// when it is too old to be served at all. A clock that went back makes it too old.
    public func secondsLeft(lifetime: Int, now: Date) -> Int? {
        let age = now.timeIntervalSince(readStartedAt)
        guard age >= 0, age < TimeInterval(lifetime) else { return nil }
        return Int((TimeInterval(lifetime) - age).rounded(.down))
    }
}
