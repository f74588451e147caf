import ChatCore
import Foundation
import Synchronization

/// Messages per sender: a token bucket per person (a burst, refilled at a sustained rate). Kept in this
/// process's memory: several nodes would each allow the rate (acceptable until the product runs on
/// several nodes). Bounded: when full it starts over, which only ever favours the senders.
final class SenderRateLimit: Sendable {
    private struct Bucket {
        var tokens: Double
        var at: Date
    }

    private let buckets = Mutex<[Person: Bucket]>([:])
    private let limit = 100_000

    /// Takes one token for `person`; false when their bucket is empty.
    func take(_ person: Person, burst: Int, perMinute: Int, now: Date) -> Bool {
        buckets.withLock { table in
            if table.count >= limit && table[person] == nil { table.removeAll(keepingCapacity: true) }
            var bucket = table[person] ?? Bucket(tokens: Double(burst), at: now)
            let refill = max(0, now.timeIntervalSince(bucket.at)) * Double(perMinute) / 60
            bucket.tokens = min(Double(burst), bucket.tokens + refill)
            bucket.at = now
            guard bucket.tokens >= 1 else {
                table[person] = bucket
                return false
            }
            bucket.tokens -= 1
            table[person] = bucket
            return true
        }
    }

    /// Gives a token back (the command turned out to be a resend, or was refused).
    func giveBack(_ person: Person, burst: Int) {
        buckets.withLock { table in
            guard var bucket = table[person] else { return }
            bucket.tokens = min(Double(burst), bucket.tokens + 1)
            table[person] = bucket
        }
    }
}
