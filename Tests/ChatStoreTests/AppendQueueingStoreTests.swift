import ChatCore
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// A close that brings outbox work (a linked chat's log for its ticket) writes both in one transaction, on
/// SQLite and PostgreSQL: both are there after it, and when either part fails neither is.
@Suite("Appends that queue outbox work, on SQLite and PostgreSQL", .timeLimit(.minutes(3)))
struct AppendQueueingStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let agent = Person.agent(AgentID(1))
    static let visitor = Person.visitor(VisitorID("v-q"))

    static func openChat(_ store: SQLStore) async throws -> Chat {
        let channel = try await store.addChannel(name: "Queueing", group: "users", comment: "")
        let created = try await store.createChat(actor: visitor, kinds: [.created(channel: channel.id, target: .channel)],
            commandID: nil, now: t0)
        return try await store.append(to: created.chat, actor: agent, kinds: [.accepted(agentNumber: 1),
            .message(text: "Hallo", visibility: .everyone)], commandID: nil, now: t0).chat
    }

    static func item(_ chat: Chat) -> NewOutboxItem {
        NewOutboxItem(kind: "ticket-articles", idempotencyKey: "chat-\(chat.id.rawValue)-ticket", payload: "{\"v\":1}")
    }

    @Test("the close and its outbox item are written together", arguments: StoreEngine.allCases)
    func both(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let chat = try await Self.openChat(store)
            let closed = try await store.append(to: chat, actor: Self.agent, kinds: [.closed], commandID: "close-1",
                now: Self.t0.addingTimeInterval(1), queueing: [Self.item(chat)])
            #expect(closed.chat.state == .closed && closed.duplicateOf == nil && closed.events.count == 1)
            #expect(try await store.chat(id: chat.id)?.state == .closed)
            let queued = try #require(try await store.outboxItem(idempotencyKey: Self.item(chat).idempotencyKey))
            #expect(queued.state == .pending && queued.payload == "{\"v\":1}" && queued.nextAttemptAt == Self.t0.addingTimeInterval(1))
            // the resent close is answered as a resend and queues nothing more
            let resent = try await store.append(to: chat, actor: Self.agent, kinds: [.closed], commandID: "close-1",
                now: Self.t0.addingTimeInterval(2), queueing: [Self.item(chat)])
            #expect(resent.duplicateOf == closed.events[0].seq)
            #expect(try await store.outboxCounts() == [.pending: 1])
        }
    }

    @Test("a refused close (the chat moved on) queues nothing", arguments: StoreEngine.allCases)
    func refusedCloseQueuesNothing(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let stale = try await Self.openChat(store)
            _ = try await store.append(to: stale, actor: Self.visitor, kinds: [.message(text: "Noch da?", visibility: .everyone)],
                commandID: nil, now: Self.t0.addingTimeInterval(1))
            await #expect(throws: StoreError.conflict) {
                _ = try await store.append(to: stale, actor: Self.agent, kinds: [.closed], commandID: nil,
                    now: Self.t0.addingTimeInterval(2), queueing: [Self.item(stale)])
            }
            #expect(try await store.outboxItem(idempotencyKey: Self.item(stale).idempotencyKey) == nil)
            #expect(try await store.chat(id: stale.id)?.state == .active)
        }
    }

    @Test("a failing enqueue leaves the chat open: the close is rolled back", arguments: StoreEngine.allCases)
    func failedEnqueueRollsBackClose(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let chat = try await Self.openChat(store)
            // the outbox table gone for a moment: the insert fails inside the close's transaction
            _ = try await store.database.write { sql in try await sql.execute("ALTER TABLE ce_outbox RENAME TO ce_outbox_away") }
            await #expect(throws: (any Error).self) {
                _ = try await store.append(to: chat, actor: Self.agent, kinds: [.closed], commandID: "close-2",
                    now: Self.t0.addingTimeInterval(1), queueing: [Self.item(chat)])
            }
            _ = try await store.database.write { sql in try await sql.execute("ALTER TABLE ce_outbox_away RENAME TO ce_outbox") }
            let after = try #require(try await store.chat(id: chat.id))
            #expect(after.state == .active && after.lastSeq == chat.lastSeq, "the close was rolled back")
            #expect(try await store.events(of: chat.id, after: chat.lastSeq, limit: 10).isEmpty)
            #expect(try await store.commandSeq(chat: chat.id, commandID: "close-2", sender: Self.agent) == nil)
            #expect(try await store.outboxCounts().isEmpty)
            // and the same close goes through once the outbox can take its item
            let closed = try await store.append(to: chat, actor: Self.agent, kinds: [.closed], commandID: "close-2",
                now: Self.t0.addingTimeInterval(2), queueing: [Self.item(chat)])
            #expect(closed.chat.state == .closed && closed.duplicateOf == nil)
            #expect(try await store.outboxCounts() == [.pending: 1])
        }
    }
}
