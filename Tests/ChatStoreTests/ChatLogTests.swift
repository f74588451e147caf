import ChatCore
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// Chats as append-only logs with derived state, on both engines.
@Suite("Chat log on SQLite and PostgreSQL", .timeLimit(.minutes(5)))
struct ChatLogTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let customer = Person.customer(CustomerUserID(11))
    static let agent = Person.agent(AgentID(1))

    static func channel(_ store: SQLStore) async throws -> ChatChannel {
        try await store.addChannel(name: "Support", group: "users", comment: "")
    }

    @Test("create, append, read after seq; derived state follows the events", arguments: StoreEngine.allCases)
    func appendAndRead(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let channel = try await Self.channel(store)
            let created = try await store.createChat(actor: Self.customer,
                kinds: [.created(channel: channel.id, target: .channel), .message(text: "Grüße 👋 你好", visibility: .everyone)],
                commandID: "c-1", now: Self.t0)
            #expect(created.events.map(\.seq) == [1, 2])
            #expect(created.chat.state == .request && created.chat.lastSeq == 2)
            let accepted = try await store.append(to: created.chat, actor: Self.agent, kinds: [.accepted(agentNumber: 1)],
                commandID: "a-1", now: Self.t0.addingTimeInterval(5))
            #expect(accepted.events.map(\.seq) == [3])
            let stored = try #require(try await store.chat(id: created.chat.id))
            #expect(stored == accepted.chat, "the stored derived state equals the applied events")
            #expect(stored.activeParticipant(Self.agent)?.agentNumber == 1)
            let events = try await store.events(of: stored.id, after: 1, limit: 100)
            #expect(events.map(\.seq) == [2, 3])
            #expect(events[0].kind == .message(text: "Grüße 👋 你好", visibility: .everyone))
            #expect(events[1].at == Self.t0.addingTimeInterval(5) && events[1].actor == Self.agent)
            #expect(try await store.events(of: stored.id, after: 3, limit: 100).isEmpty)
            #expect(try await store.events(of: stored.id, after: 0, limit: 2).map(\.seq) == [1, 2])
        }
    }

    @Test("a resent command returns the original sequence number; a stale append is a conflict", arguments: StoreEngine.allCases)
    func idempotencyAndConflicts(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let channel = try await Self.channel(store)
            let first = try await store.createChat(actor: Self.customer, kinds: [.created(channel: channel.id, target: .channel)],
                commandID: "create-1", now: Self.t0)
            let again = try await store.createChat(actor: Self.customer, kinds: [.created(channel: channel.id, target: .channel)],
                commandID: "create-1", now: Self.t0)
            #expect(again.chat.id == first.chat.id && again.duplicateOf == 1 && again.events.isEmpty)

            let message = try await store.append(to: first.chat, actor: Self.customer,
                kinds: [.message(text: "one", visibility: .everyone)], commandID: "m-1", now: Self.t0)
            let resent = try await store.append(to: first.chat, actor: Self.customer,
                kinds: [.message(text: "one", visibility: .everyone)], commandID: "m-1", now: Self.t0)
            #expect(resent.duplicateOf == message.events[0].seq && resent.events.isEmpty)
            #expect(try await store.chat(id: first.chat.id)?.lastSeq == 2, "nothing doubled")
            await #expect(throws: StoreError.conflict) {
                _ = try await store.append(to: first.chat, actor: Self.customer,
                    kinds: [.message(text: "stale", visibility: .everyone)], commandID: "m-2", now: Self.t0)
            }
            // the same command ID in another chat is another command (another requester's: one waits at a time)
            let other = try await store.createChat(actor: .customer(CustomerUserID(2)), kinds: [.created(channel: channel.id, target: .channel)],
                commandID: "create-2", now: Self.t0)
            let elsewhere = try await store.append(to: other.chat, actor: Self.customer,
                kinds: [.message(text: "one", visibility: .everyone)], commandID: "m-1", now: Self.t0)
            #expect(elsewhere.duplicateOf == nil && elsewhere.events.count == 1)
        }
    }

    @Test("a resend racing its original is recorded once", arguments: StoreEngine.allCases)
    func racingResend(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let channel = try await Self.channel(store)
            let chat = try await store.createChat(actor: Self.customer, kinds: [.created(channel: channel.id, target: .channel)],
                commandID: nil, now: Self.t0).chat
            for round in 0..<10 {
                let current = try #require(try await store.chat(id: chat.id))
                let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
                    for _ in 0..<2 {
                        group.addTask {
                            try await store.append(to: current, actor: Self.customer,
                                kinds: [.message(text: "once \(round)", visibility: .everyone)], commandID: "resend-\(round)", now: Self.t0)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(results.filter { $0.duplicateOf == nil }.count == 1)
                #expect(Set(results.map(\.acknowledgedSeq)) == [current.lastSeq + 1], "both acknowledge the same seq")
            }
            #expect(try await store.chat(id: chat.id)?.lastSeq == 11)
        }
    }

    @Test("open and closed chats per person, search, retention", arguments: StoreEngine.allCases)
    func listsAndRetention(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let channel = try await Self.channel(store)
            try await store.addCustomerCompany(id: "ACME", name: "Acme")
            let carla = try await store.addCustomerUser(NewCustomerUser(login: "carla", customerID: "ACME", email: "c@a",
                firstName: "Carla", lastName: "Kunde", passwordHash: nil))
            let requester = Person.customer(carla.id)
            func chat(_ text: String, close: Bool, at time: Date) async throws -> Chat {
                var result = try await store.createChat(actor: requester,
                    kinds: [.created(channel: channel.id, target: .channel), .message(text: text, visibility: .everyone)],
                    commandID: nil, now: time)
                result = try await store.append(to: result.chat, actor: Self.agent, kinds: [.accepted(agentNumber: 1)],
                    commandID: nil, now: time)
                if close {
                    result = try await store.append(to: result.chat, actor: Self.agent, kinds: [.closed], commandID: nil, now: time)
                }
                return result.chat
            }
            let printer = try await chat("Mein Drucker druckt nicht", close: true, at: Self.t0)
            let invoice = try await chat("Question about my invoice", close: true, at: Self.t0.addingTimeInterval(60))
            let open = try await chat("still talking", close: false, at: Self.t0.addingTimeInterval(120))
            #expect(try await store.openChats(of: Self.agent).map(\.id) == [open.id])
            #expect(try await store.closedChats(of: Self.agent, search: nil, limit: 10).map(\.id) == [invoice.id, printer.id])
            #expect(try await store.closedChats(of: Self.agent, search: "DRUCKER", limit: 10).map(\.id) == [printer.id])
            #expect(try await store.closedChats(of: Self.agent, search: "kunde", limit: 10).count == 2, "by requester name")
            #expect(try await store.closedChats(of: Self.agent, search: "nothing like it", limit: 10).isEmpty)
            #expect(try await store.closedChats(of: .agent(AgentID(99)), search: nil, limit: 10).isEmpty)

            // closed more than a day ago: gone; open ones stay until the decay time
            let deleted = try await store.deleteExpiredChats(closedBefore: Self.t0.addingTimeInterval(30),
                unclosedBefore: Self.t0.addingTimeInterval(-1))
            #expect(deleted == 1)
            #expect(try await store.chat(id: printer.id) == nil)
            #expect(try await store.events(of: printer.id, after: 0, limit: 10).isEmpty)
            #expect(try await store.chat(id: invoice.id) != nil)
            #expect(try await store.chat(id: open.id) != nil)
            #expect(try await store.deleteExpiredChats(closedBefore: Self.t0, unclosedBefore: Self.t0.addingTimeInterval(121)) == 1)
            #expect(try await store.chat(id: open.id) == nil)
        }
    }

    @Test("catch-up reads stay fast as the log grows (bounded by the primary key)", arguments: StoreEngine.allCases)
    func catchUpPlan(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let channel = try await Self.channel(store)
            var chat = try await store.createChat(actor: Self.customer, kinds: [.created(channel: channel.id, target: .channel)],
                commandID: nil, now: Self.t0).chat
            for batch in 0..<10 {
                let kinds = (0..<50).map { ChatEventKind.message(text: "m\(batch)-\($0)", visibility: .everyone) }
                chat = try await store.append(to: chat, actor: Self.customer, kinds: kinds, commandID: nil, now: Self.t0).chat
            }
            let page = try await store.events(of: chat.id, after: 400, limit: 100)
            #expect(page.map(\.seq) == Array(401...500))
            // the engine answers from the (chat_id, seq) key, not by scanning the log
            let sql = "SELECT seq FROM ce_chat_event WHERE chat_id = \(chat.id.rawValue) AND seq > 400 ORDER BY seq LIMIT 100"
            let plan = try await store.database.read((engine == .sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + sql, [])
            let text = plan.map { $0.columns.values.map { "\($0)" }.joined(separator: " ") }.joined(separator: "\n")
            #expect(text.contains("PRIMARY KEY") || text.contains("ce_chat_event_pkey") || text.contains("sqlite_autoindex_ce_chat_event"), "\(text)")
        }
    }
}
