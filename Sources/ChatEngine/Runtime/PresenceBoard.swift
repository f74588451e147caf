import ChatCore
import Foundation
import Synchronization

/// The two presence inputs of every person with an open tab: the last heartbeat and the last user
/// input. Ephemeral by design (a restart loses them and the tabs' next heartbeats restore them).
public final class PresenceBoard: Sendable {
    private struct Entry {
        var lastHeartbeat: Date?
        var lastInput: Date?
    }

    private let entries = Mutex<[Person: Entry]>([:])

    public init() {}

    public func heartbeat(_ person: Person, at now: Date) {
        entries.withLock { $0[person, default: Entry()].lastHeartbeat = now }
    }

    /// Keyboard, pointer or focus in a tab (a heartbeat too: the tab is evidently alive).
    public func input(_ person: Person, at now: Date) {
        entries.withLock {
            $0[person, default: Entry()].lastInput = now
            $0[person, default: Entry()].lastHeartbeat = now
        }
    }

    /// Everyone with a heartbeat since `since` (the people-online panel).
    public func people(heartbeatSince since: Date) -> [Person] {
        entries.withLock { table in table.compactMap { ($0.value.lastHeartbeat ?? .distantPast) >= since ? $0.key : nil } }
    }

    public func loggedOut(_ person: Person) {
        _ = entries.withLock { $0.removeValue(forKey: person) }
    }

    public func presence(of person: Person, availability: ChatAvailability?, rule: PresenceRule, now: Date) -> Presence {
        let entry = entries.withLock { $0[person] }
        return rule.presence(loggedIn: entry != nil, lastHeartbeat: entry?.lastHeartbeat, lastInput: entry?.lastInput,
            availability: availability, now: now)
    }
}
