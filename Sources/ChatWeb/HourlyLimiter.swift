import Foundation
import Synchronization

/// Counts events per key within a sliding hour: failed logins per account and per IP, public chat
/// requests per IP. In memory: a restart forgets the counts, which only ever favours the user.
final class HourlyLimiter: Sendable {
    private let hits = Mutex<[String: [Date]]>([:])
    private let window: TimeInterval = 3600

    /// Whether `key` has fewer than `limit` events in the last hour.
    func allows(_ key: String, limit: Int, now: Date) -> Bool {
        hits.withLock { table in
            let recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
            table[key] = recent.isEmpty ? nil : recent
            return recent.count < limit
        }
    }

    func record(_ key: String, now: Date) {
        hits.withLock { table in
            var recent = (table[key] ?? []).filter { now.timeIntervalSince($0) < window }
            recent.append(now)
            table[key] = recent
            if table.count > 10_000 {
                table = table.filter { entry in entry.value.contains { now.timeIntervalSince($0) < window } }
            }
        }
    }

    /// When `key` will be allowed again (the oldest counted event turns an hour old).
    func releasedAt(_ key: String, now: Date) -> Date? {
        hits.withLock { table in (table[key] ?? []).min().map { $0.addingTimeInterval(window) } }
    }

    /// Takes back one event recorded at `date` (a reserved login attempt that succeeded).
    func release(_ key: String, at date: Date) {
        hits.withLock { table in
            guard var dates = table[key], let index = dates.lastIndex(of: date) else { return }
            dates.remove(at: index)
            table[key] = dates.isEmpty ? nil : dates
        }
    }

    func reset(_ key: String) {
        hits.withLock { _ = $0.removeValue(forKey: key) }
    }
}
