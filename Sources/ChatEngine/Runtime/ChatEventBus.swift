import ChatCore
import Synchronization

/// After a commit, "chat X has events up to seq N", with those events, goes to every subscriber on this
/// node; listeners render the events carried and read the store only for what they lack. (Across nodes
/// this travels by PostgreSQL NOTIFY later, as ids only.)
public struct ChatNotice: Sendable, Hashable {
    public var chat: ChatID
    public var seq: Int64
    /// The events just committed, when the notice comes from this node: listeners render these instead
    /// of reading them back. Empty when unknown (the listener reads the store).
    public var events: [ChatEvent] = []

    public init(chat: ChatID, seq: Int64, events: [ChatEvent] = []) {
        self.chat = chat
        self.seq = seq
        self.events = events
    }
}

/// Commits of chat events, to every subscriber on this node.
public typealias ChatEventBus = Broadcast<ChatNotice>

/// Hands every published value to every subscriber on this node (each has its own bounded buffer).
public final class Broadcast<Element: Sendable>: Sendable {
    private let subscribers = Mutex<[Int: AsyncStream<Element>.Continuation]>([:])
    private let nextID = Atomic<Int>(0)

    public init() {}

    /// A stream of every value from now on; it ends when the returned stream is dropped or cancelled.
    public func subscribe(bufferingNewest limit: Int = 1024) -> AsyncStream<Element> {
        let (stream, continuation) = AsyncStream<Element>.makeStream(bufferingPolicy: .bufferingNewest(limit))
        let id = nextID.add(1, ordering: .relaxed).newValue
        subscribers.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            _ = self?.subscribers.withLock { $0.removeValue(forKey: id) }
        }
        return stream
    }

    public func publish(_ value: Element) {
        let all = subscribers.withLock { Array($0.values) }
        for continuation in all { continuation.yield(value) }
    }
}
