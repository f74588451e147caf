import ChatCore
import Foundation

/// Appends queued together share their statements: one read of the chats' log ends, one insert of all
/// their events, one update of all their chat rows. An append whose chat moved on since its caller read
/// it is refused cleanly (a conflict, or the original sequence number of a resend).
struct ChatAppend: BatchedWrite {
    /// The chat as the events leave it.
    let updated: Chat
    let expectedLastSeq: Int64
    let events: [ChatEvent]
    let commandID: String?
    /// PostgreSQL: lock the chat rows while reading their log ends, so a second writer (another store
    /// instance or node) waits for this commit and then sees the new end.
    let lockRows: Bool
    /// The sender's message limit, checked against the log inside this transaction (nil: not limited).
    var senderRate: SenderRate? = nil

    static func write(_ items: [ChatAppend], _ sql: any SQLExecutor) async throws -> [Result<AppendResult, any Error>] {
        let ids = Array(Set(items.map(\.updated.id.rawValue))).sorted()
        var logEnds: [Int64: Int64] = [:]
        let lock = items.first?.lockRows == true ? " ORDER BY id FOR UPDATE" : ""
        for row in try await sql.query("SELECT id, last_seq FROM ce_chat WHERE id IN (\(placeholders(ids.count)))" + lock,
            ids.map { .int($0) })
        {
            logEnds[try row.int("id")] = try row.int("last_seq")
        }
        var results = [Result<AppendResult, any Error>?](repeating: nil, count: items.count)
        var accepted: [ChatAppend] = []
        var refused: [Int] = []
        var senders = try await SenderRateCheck.load(for: items, sql)
        for (index, item) in items.enumerated() {
            let id = item.updated.id.rawValue
            if logEnds[id] == item.expectedLastSeq, !senders.admit(item) {
                results[index] = .failure(try await SenderRateCheck.refusal(for: item, sql))
            } else if logEnds[id] == item.expectedLastSeq {
                accepted.append(item)
                logEnds[id] = item.updated.lastSeq
                results[index] = .success(AppendResult(chat: item.updated, events: item.events, duplicateOf: nil))
            } else {
                refused.append(index)
            }
        }
        try await ChatRows.insert(accepted.flatMap(\.events),
            commandIDs: accepted.flatMap { ChatRows.commandIDs(for: $0.events, $0.commandID) }, sql)
        try await ChatRows.advance(accepted.map(\.updated), at: accepted.last?.events.last?.at ?? Date(), sql)
        for item in accepted { try await ChatRows.saveParticipants(of: item.updated, after: item.events, sql) }
        for index in refused {
            results[index] = .failure(try await refusal(for: items[index], logEnd: logEnds[items[index].updated.id.rawValue], sql))
        }
        return results.map { $0 ?? .failure(StoreError.corrupt("append without outcome")) }
    }

    /// Nothing was written for this append: a resend of a recorded command, a missing chat, or a race.
    private static func refusal(for item: ChatAppend, logEnd: Int64?, _ sql: any SQLExecutor) async throws -> any Error {
        if let commandID = item.commandID, let sender = item.events.first?.actor {
            let (kind, id) = PersonColumns.encode(sender)
            if let first = try await sql.execute("""
                SELECT seq FROM ce_chat_event WHERE chat_id = ? AND actor_kind = ? AND actor_id = ? AND command_id = ?
                """, .int(item.updated.id.rawValue), .text(kind), .text(id), .text(commandID)).first
            {
                return ResendFound(seq: try first.int("seq"))
            }
        }
        return logEnd == nil ? StoreError.notFound("chat \(item.updated.id.rawValue)") : StoreError.conflict
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

/// A clean refusal carrying the sequence number a resent command was first recorded at.
struct ResendFound: CleanRefusal {
    let seq: Int64
}
