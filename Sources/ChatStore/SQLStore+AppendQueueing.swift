import ChatCore
import Foundation

/// An append that brings outbox work with it (a linked chat's close and its log for the ticket): one
/// transaction of its own, outside the group commit's batches, so the work is queued with the events it
/// follows or not at all. Closes are rare next to messages; they do not need to share a commit.
extension SQLStore {
    public func append(to chat: Chat, actor: Person, kinds: [ChatEventKind], commandID: String?, now: Date,
        queueing items: [NewOutboxItem]) async throws -> AppendResult
    {
        let events = kinds.enumerated().map { index, kind in
            ChatEvent(chat: chat.id, seq: chat.lastSeq + Int64(index + 1), at: now, actor: actor, kind: kind)
        }
        let append = ChatAppend(updated: events.reduce(chat) { $0.applying($1) }, expectedLastSeq: chat.lastSeq, events: events,
            commandID: commandID, lockRows: isPostgres)
        do {
            return try await database.write { sql in
                // a refusal (a race, a resend) wrote nothing: it throws before anything is queued
                let appended = try await ChatAppend.write([append], sql)[0].get()
                for item in items { _ = try await Self.insertOutbox(item, now: now, sql) }
                return appended
            }
        } catch let resend as ResendFound {
            return AppendResult(chat: try await self.chat(id: chat.id) ?? chat, events: [], duplicateOf: resend.seq)
        }
    }
}
