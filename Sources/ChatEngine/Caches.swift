import ChatCore
import Synchronization

/// The last known state of recently used chats. Bounded: when full it starts over, which only costs reads.
final class ChatCache: Sendable {
    private let chats = Mutex<[ChatID: Chat]>([:])
    private let limit: Int

    init(limit: Int = 20_000) {
        self.limit = limit
    }

    func get(_ id: ChatID) -> Chat? { chats.withLock { $0[id] } }

    func put(_ chat: Chat) {
        chats.withLock {
            if $0.count >= limit && $0[chat.id] == nil { $0.removeAll(keepingCapacity: true) }
            // never replace a newer copy with an older one
            if let known = $0[chat.id], known.lastSeq > chat.lastSeq { return }
            $0[chat.id] = chat
        }
    }

    func remove(_ id: ChatID) { _ = chats.withLock { $0.removeValue(forKey: id) } }
}

/// Agents' permissions and availability for a short while (measured on a monotonic clock, not the
/// domain clock): changes made elsewhere, e.g. by the command line, show within `lifetime`.
final class AgentContextCache: Sendable {
    private let entries = Mutex<[AgentID: (context: AgentContext, expires: ContinuousClock.Instant)]>([:])
    private let lifetime: Duration

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    func get(_ id: AgentID) -> AgentContext? {
        entries.withLock { entries in
            guard let entry = entries[id], entry.expires > .now else { return nil }
            return entry.context
        }
    }

    func put(_ context: AgentContext) {
        let expires = ContinuousClock.now + lifetime
        entries.withLock {
            if $0.count > 10_000 { $0.removeAll() }
            $0[context.id] = (context, expires)
        }
    }

    func remove(_ id: AgentID) { _ = entries.withLock { $0.removeValue(forKey: id) } }
}

/// People's display names and the channel names, for rendering every event to every viewer without
/// reading them each time. Names change rarely; a change shows within `lifetime`.
final class NameCache: Sendable {
    private struct Entry {
        let name: String?
        let expires: ContinuousClock.Instant
    }

    private let people = Mutex<[Person: Entry]>([:])
    private let channels = Mutex<(names: [ChannelID: String], expires: ContinuousClock.Instant)?>(nil)
    private let lifetime: Duration
    private let limit = 100_000

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    func name(of person: Person, load: () async throws -> String?) async rethrows -> String? {
        if let entry = people.withLock({ $0[person] }), entry.expires > .now { return entry.name }
        let name = try await load()
        people.withLock {
            if $0.count >= limit { $0.removeAll(keepingCapacity: true) }
            $0[person] = Entry(name: name, expires: .now + lifetime)
        }
        return name
    }

    /// The channel names, read again when older than 2 s or when one of `needed` is unknown.
    func channelNames(needed: [ChannelID], load: () async throws -> [ChannelID: String]) async rethrows -> [ChannelID: String] {
        if let cached = channels.withLock({ $0 }), cached.expires > .now, needed.allSatisfy({ cached.names[$0] != nil }) {
            return cached.names
        }
        let names = try await load()
        channels.withLock { $0 = (names, .now + .seconds(2)) }
        return names
    }
}
