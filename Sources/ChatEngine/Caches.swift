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
