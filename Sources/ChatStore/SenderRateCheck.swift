import ChatCore
import Foundation

/// The per-sender message limit (`SenderRate`), checked inside the transaction that appends the message, against
/// the sender's messages already in the log (`ce_chat_event`, index `ce_chat_event_by_actor`): every node counts
/// the same messages, and the check and the write cannot race. On PostgreSQL two appends for one sender
/// serialize on a per-sender advisory lock (SQLite's single writer already does), taken after the chat rows'
/// locks and in a fixed order, so two batches cannot deadlock. Counting the log rather than a table of hits costs
/// no extra write per message, and needs no clean-up: what is counted is what was sent.
struct SenderRateCheck {
    /// Each limited sender's recent message times (milliseconds), from the log and from this batch so far.
    private var recent: [Person: [Int64]] = [:]

    static func load(for items: [ChatAppend], _ sql: any SQLExecutor) async throws -> SenderRateCheck {
        var check = SenderRateCheck()
        var rates: [Person: SenderRate] = [:]
        for item in items {
            guard let rate = item.senderRate, let sender = item.events.first?.actor else { continue }
            rates[sender] = rate
        }
        let senders = rates.keys.map { (person: $0, columns: PersonColumns.encode($0)) }
            .sorted { ($0.columns.kind, $0.columns.id) < ($1.columns.kind, $1.columns.id) }
        if sql.dialect == .postgres {
            for sender in senders {
                _ = try await sql.execute("SELECT pg_advisory_xact_lock(hashtext(?))",
                    .text("ce_sender_rate:\(sender.columns.kind):\(sender.columns.id)"))
            }
        }
        for sender in senders {
            guard let rate = rates[sender.person] else { continue }
            let own = items.filter { $0.senderRate != nil && $0.events.first?.actor == sender.person }
            let earliest = own.compactMap { $0.events.first?.at }.min()
            let from = StoreClock.millis(earliest ?? Date())
            // the sender's newest messages within the burst can never refuse (SenderRate.admits): not read, and
            // stood in for by a time that sorts newest
            let skipped = max(0, rate.burst - own.reduce(0) { $0 + Self.messages(of: $1).count })
            let rows = try await sql.execute("""
                SELECT at FROM ce_chat_event WHERE actor_kind = ? AND actor_id = ? AND kind = 'message' AND at > ?
                ORDER BY at DESC LIMIT ? OFFSET ?
                """, .text(sender.columns.kind), .text(sender.columns.id), .int(from - rate.lookbackMillis),
                .int(Int64(max(1, rate.mostMessagesLooked - skipped))), .int(Int64(skipped)))
            check.recent[sender.person] = rows.isEmpty ? [] : Array(repeating: Int64.max, count: skipped) + (try rows.map { try $0.int("at") })
        }
        return check
    }

    /// Whether the item's messages fit its sender's rate; if so they count for the batch's later items.
    mutating func admit(_ item: ChatAppend) -> Bool {
        guard let rate = item.senderRate, let sender = item.events.first?.actor else { return true }
        let messages = Self.messages(of: item)
        guard let last = messages.max() else { return true }
        let earlier = recent[sender] ?? []
        guard rate.admits(adding: messages.count, after: earlier, nowMillis: last) else { return false }
        recent[sender] = earlier + messages
        return true
    }

    /// The times of the item's messages (the events the limit counts).
    static func messages(of item: ChatAppend) -> [Int64] {
        item.events.filter { if case .message = $0.kind { true } else { false } }.map { StoreClock.millis($0.at) }
    }

    /// A message over the limit: a resend of a recorded command still answers as a resend.
    static func refusal(for item: ChatAppend, _ sql: any SQLExecutor) async throws -> any Error {
        if let commandID = item.commandID, let sender = item.events.first?.actor {
            let (kind, id) = PersonColumns.encode(sender)
            if let first = try await sql.execute("""
                SELECT seq FROM ce_chat_event WHERE chat_id = ? AND actor_kind = ? AND actor_id = ? AND command_id = ?
                """, .int(item.updated.id.rawValue), .text(kind), .text(id), .text(commandID)).first
            {
                return ResendFound(seq: try first.int("seq"))
            }
        }
        return SenderRateExceeded()
    }
}

/// The sender has sent as many messages as `ChatEngine::Messages::*PerSender` allow for now; nothing was written.
public struct SenderRateExceeded: CleanRefusal, Sendable {}
