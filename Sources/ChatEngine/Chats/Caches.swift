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

/// Agents' permissions and availability, kept until the directory changes: every change to agents,
/// roles, groups or channels moves the store's directory version on, and the cache looks at that version
/// at most once per `checkEvery` (one small read for all agents). So such a change made elsewhere, e.g. by
/// the command line, shows within `checkEvery`. Availability is switched only through this service, which
/// drops that agent's entry at once. (Several nodes will need to carry availability switches to each
/// other, like chat events.)
final class AgentContextCache: Sendable {
    private struct State {
        var entries: [AgentID: AgentContext] = [:]
        var version: Int64?
        /// Moves on whenever entries are dropped, so a context read before cannot be put back afterwards.
        var generation: UInt64 = 0
        var nextCheck = ContinuousClock.now
        var checking = false
    }

    private let state = Mutex(State())
    private let checkEvery: Duration
    private let limit = 100_000

    init(checkEvery: Duration) {
        self.checkEvery = checkEvery
    }

    /// The cached context, after making sure (at most once per `checkEvery`) that the directory did not change.
    func get(_ id: AgentID, directoryVersion: () async throws -> Int64) async rethrows -> AgentContext? {
        let mustCheck = state.withLock { state -> Bool in
            guard !state.checking, ContinuousClock.now >= state.nextCheck else { return false }
            state.checking = true  // one caller reads the version; the others use what is cached meanwhile
            return true
        }
        if mustCheck {
            let version: Int64
            do {
                version = try await directoryVersion()
            } catch {
                state.withLock { $0.checking = false }
                throw error
            }
            state.withLock { state in
                if state.version != version {
                    state.entries.removeAll(keepingCapacity: true)
                    state.generation &+= 1
                }
                state.version = version
                state.nextCheck = ContinuousClock.now + checkEvery
                state.checking = false
            }
        }
        return state.withLock { $0.entries[id] }
    }

    /// Taken before reading a context from the store; the context is kept only if nothing was dropped meanwhile.
    var generation: UInt64 { state.withLock { $0.generation } }

    func put(_ context: AgentContext, readAt generation: UInt64) {
        state.withLock {
            guard $0.generation == generation else { return }  // something changed while it was read
            if $0.entries.count >= limit { $0.entries.removeAll(keepingCapacity: true) }
            $0.entries[context.id] = context
        }
    }

    func remove(_ id: AgentID) {
        state.withLock {
            $0.entries[id] = nil
            $0.generation &+= 1
        }
    }
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
