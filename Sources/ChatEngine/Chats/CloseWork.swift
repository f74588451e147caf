import ChatCore
import ChatStore
import Foundation
import Synchronization

/// Outbox work that comes with a chat's close (a linked chat's log for its ticket), queued in the close's own
/// transaction: a crash right after the close cannot lose it, and a close that is refused queues nothing.
/// Set once the engine's parts exist (the ticket use cases are made after the chat service).
final class CloseWork: Sendable {
    /// The items for a chat about to close: `closing` as the pending events leave it, and those events.
    /// It must not throw (the chat closes all the same); it logs what it cannot queue.
    typealias Function = @Sendable (_ closing: Chat, _ pending: [ChatEvent]) async -> [NewOutboxItem]
    private let function = Mutex<Function?>(nil)

    func set(_ work: @escaping Function) { function.withLock { $0 = work } }
    func get() -> Function? { function.withLock { $0 } }
}

extension ChatService {
    /// The append of `perform`: when these events close the chat, with the close work in its transaction.
    func appendWithCloseWork(_ current: Chat, actor person: Person, kinds: [ChatEventKind], commandID: String?,
        senderRate: SenderRate?) async throws -> AppendResult
    {
        let at = now()
        let pending = kinds.enumerated().map { index, kind in
            ChatEvent(chat: current.id, seq: current.lastSeq + Int64(index + 1), at: at, actor: person, kind: kind)
        }
        let closing = pending.reduce(current) { $0.applying($1) }
        if current.state != .closed, closing.state == .closed, let work = closeWork.get() {
            let items = await work(closing, pending)
            if !items.isEmpty {
                return try await store.append(to: current, actor: person, kinds: kinds, commandID: commandID, now: at,
                    queueing: items)
            }
        }
        return try await store.append(to: current, actor: person, kinds: kinds, commandID: commandID, now: at,
            senderRate: senderRate)
    }
}
