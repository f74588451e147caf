import ChatCore
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// The per-sender message limit and the failed-login counts live in the database: two store instances (two
/// nodes) on one database share them, and parallel attempts cannot slip past a limit.
@Suite("Sender rate and login failures on SQLite and PostgreSQL", .timeLimit(.minutes(5)))
struct SenderRateStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let agent = Person.agent(AgentID(1))

    /// `count` chats, each requested by its own customer user.
    static func chats(_ store: SQLStore, count: Int) async throws -> [Chat] {
        let channel = try await store.addChannel(name: "Support", group: "users", comment: "")
        var chats: [Chat] = []
        for index in 0..<count {
            chats.append(try await store.createChat(actor: .customer(CustomerUserID(Int64(100 + index))),
                kinds: [.created(channel: channel.id, target: .channel)], commandID: "create-\(index)", now: t0).chat)
        }
        return chats
    }

    static func send(_ store: SQLStore, _ chat: Chat, by person: Person = agent, _ text: String, at: Date,
        rate: SenderRate = SenderRate(burst: 3, perMinute: 60)) async throws -> AppendResult
    {
        try await store.append(to: chat, actor: person, kinds: [.message(text: text, visibility: .everyone)], commandID: text,
            now: at, senderRate: rate)
    }

    @Test("two nodes count one sender's messages together; the limit releases as the rate refills; others unaffected",
        arguments: StoreEngine.allCases)
    func twoNodesShareTheMessageLimit(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { nodeA, harness in
            let nodeB = try await harness.open()
            defer { Task { await nodeB.close() } }
            var chats = try await Self.chats(nodeA, count: 2)
            // events other than messages do not count
            chats[0] = try await nodeA.append(to: chats[0], actor: Self.agent, kinds: [.accepted(agentNumber: 1)],
                commandID: nil, now: Self.t0, senderRate: SenderRate(burst: 3, perMinute: 60)).chat
            chats[0] = try await Self.send(nodeA, chats[0], "m1", at: Self.t0).chat
            chats[1] = try await Self.send(nodeB, chats[1], "m2", at: Self.t0).chat
            chats[0] = try await Self.send(nodeA, chats[0], "m3", at: Self.t0).chat
            for (node, chat) in [(nodeA, chats[1]), (nodeB, chats[0])] {
                await #expect(throws: SenderRateExceeded.self, "the burst of 3 is spent on both nodes") {
                    _ = try await Self.send(node, chat, "m4", at: Self.t0.addingTimeInterval(0.5))
                }
            }
            let resent = try await Self.send(nodeB, chats[0], "m3", at: Self.t0.addingTimeInterval(0.5))
            #expect(resent.duplicateOf != nil, "a resend at the limit still answers as a resend")
            let customer = Person.customer(CustomerUserID(100))
            chats[0] = try await Self.send(nodeB, chats[0], by: customer, "c1", at: Self.t0.addingTimeInterval(0.5)).chat
            // 60 a minute: one more a second, not two
            chats[1] = try await Self.send(nodeB, chats[1], "m4", at: Self.t0.addingTimeInterval(1)).chat
            await #expect(throws: SenderRateExceeded.self) {
                _ = try await Self.send(nodeA, chats[0], "m5", at: Self.t0.addingTimeInterval(1.5))
            }
            chats[0] = try await Self.send(nodeA, chats[0], "m5", at: Self.t0.addingTimeInterval(2)).chat
            // after a quiet minute the whole burst again
            for index in 6...8 { chats[1] = try await Self.send(nodeB, chats[1], "m\(index)", at: Self.t0.addingTimeInterval(70)).chat }
            let texts = try await nodeA.events(of: chats[0].id, after: 0, limit: 100).compactMap {
                if case .message(let text, _) = $0.kind { text } else { nil }
            }
            #expect(texts == ["m1", "m3", "c1", "m5"], "nothing refused was written")
        }
    }

    @Test("parallel sends by one sender on two nodes: exactly the limit is admitted", arguments: StoreEngine.allCases)
    func parallelSendsAdmitExactlyTheLimit(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { nodeA, harness in
            let nodeB = try await harness.open()
            defer { Task { await nodeB.close() } }
            let chats = try await Self.chats(nodeA, count: 16)
            let rate = SenderRate(burst: 5, perMinute: 1)
            let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (index, chat) in chats.enumerated() {
                    group.addTask {
                        do {
                            _ = try await Self.send(index % 2 == 0 ? nodeA : nodeB, chat, "p\(index)",
                                at: Self.t0.addingTimeInterval(Double(index) / 1000), rate: rate)
                            return true
                        } catch is SenderRateExceeded {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 5, "admitted: \(outcomes.filter { $0 }.count) of 16")
            var written = 0
            for chat in chats { written += try await nodeA.events(of: chat.id, after: 1, limit: 10).count }
            #expect(written == 5)
        }
    }

    @Test("failed logins: two nodes count together, a taken-back attempt does not count, the hour releases",
        arguments: StoreEngine.allCases)
    func loginFailuresAcrossNodes(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { nodeA, harness in
            let nodeB = try await harness.open()
            defer { Task { await nodeB.close() } }
            let keys = ["account:agent:anna@192.0.2.7", "ip:192.0.2.7"]
            func reserve(_ node: SQLStore, _ attempt: String, keys: [String] = keys, at seconds: TimeInterval) async throws -> String? {
                try await node.reserveLoginAttempt(keys, attempt: attempt, limit: 3, window: 3600,
                    now: Self.t0.addingTimeInterval(seconds))
            }
            #expect(try await reserve(nodeA, "a1", at: 0) == nil)
            #expect(try await reserve(nodeB, "ok", at: 5) == nil)
            try await nodeB.releaseLoginAttempt("ok")  // it succeeded: not a failure
            #expect(try await reserve(nodeB, "a2", at: 10) == nil)
            #expect(try await reserve(nodeA, "a3", at: 20) == nil)
            #expect(try await reserve(nodeB, "a4", at: 30) == keys[0], "the third failure on either node locks")
            #expect(try await reserve(nodeA, "x", keys: ["account:agent:anna@203.0.113.9", "ip:203.0.113.9"], at: 30) == nil,
                "the same account from another address is not locked")
            #expect(try await nodeB.loginFailuresRelease(keys[0], window: 3600, now: Self.t0.addingTimeInterval(30))
                == Self.t0.addingTimeInterval(3600))
            #expect(try await reserve(nodeB, "a5", at: 3600) == nil, "the oldest failure is an hour old")
            #expect(try await nodeA.deleteExpiredLoginFailures(before: Self.t0.addingTimeInterval(15)) == 4,
                "a1 and a2, each under both keys")
        }
    }

    @Test("parallel failed logins on two nodes: exactly the limit is counted", arguments: StoreEngine.allCases)
    func parallelLoginAttempts(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { nodeA, harness in
            let nodeB = try await harness.open()
            defer { Task { await nodeB.close() } }
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await (index % 2 == 0 ? nodeA : nodeB).reserveLoginAttempt(["ip:198.51.100.1"], attempt: "g\(index)",
                            limit: 4, window: 3600, now: Self.t0) == nil
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(admitted == 4)
        }
    }
}
