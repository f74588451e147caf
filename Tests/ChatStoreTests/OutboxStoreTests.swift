import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// The outbox's rules as the store holds them, on SQLite and PostgreSQL: one item per idempotency key,
/// claims in order of due time, one claimer at a time until its lease runs out, only the claimer finishes.
@Suite("Outbox on SQLite and PostgreSQL", .timeLimit(.minutes(3)))
struct OutboxStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func item(_ key: String, payload: String = "{}") -> NewOutboxItem {
        NewOutboxItem(kind: "test", idempotencyKey: key, payload: payload)
    }

    @Test("enqueueing the same key twice keeps one item, the first one", arguments: StoreEngine.allCases)
    func idempotentEnqueue(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let first = try await store.enqueueOutbox(Self.item("k-1", payload: "{\"n\":1}"), now: Self.t0)
            #expect(first.isNew && first.item.state == .pending && first.item.attempts == 0)
            #expect(first.item.nextAttemptAt == Self.t0 && first.item.lastError == nil && first.item.claimedBy == nil)
            let again = try await store.enqueueOutbox(Self.item("k-1", payload: "{\"n\":2}"), now: Self.t0.addingTimeInterval(5))
            #expect(!again.isNew)
            #expect(again.item == first.item, "the first item, unchanged")
            _ = try await store.enqueueOutbox(Self.item("k-2"), now: Self.t0)
            #expect(try await store.outboxItems(state: nil, limit: 10).map(\.idempotencyKey) == ["k-2", "k-1"])
            #expect(try await store.outboxCounts() == [.pending: 2])
            // also once it is done: the work is not queued again
            let claimed = try await store.claimOutbox(by: "p1", now: Self.t0, lease: 60, limit: 1)
            #expect(try await store.completeOutbox(id: claimed[0].id, by: "p1", now: Self.t0))
            #expect(try await !store.enqueueOutbox(Self.item(claimed[0].idempotencyKey), now: Self.t0).isNew)
            #expect(try await store.outboxCounts() == [.pending: 1, .done: 1])
        }
    }

    @Test("claims take due items, earliest due first, and count an attempt", arguments: StoreEngine.allCases)
    func claimOrder(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            _ = try await store.enqueueOutbox(Self.item("b"), now: Self.t0.addingTimeInterval(2))
            _ = try await store.enqueueOutbox(Self.item("a"), now: Self.t0.addingTimeInterval(1))
            _ = try await store.enqueueOutbox(Self.item("c"), now: Self.t0.addingTimeInterval(3))
            _ = try await store.enqueueOutbox(Self.item("later"), now: Self.t0.addingTimeInterval(100))
            #expect(try await store.claimOutbox(by: "p1", now: Self.t0, lease: 60, limit: 5).isEmpty, "nothing due yet")
            let two = try await store.claimOutbox(by: "p1", now: Self.t0.addingTimeInterval(10), lease: 60, limit: 2)
            #expect(two.map(\.idempotencyKey) == ["a", "b"])
            #expect(two.allSatisfy { $0.attempts == 1 && $0.claimedBy == "p1" && $0.claimedUntil == Self.t0.addingTimeInterval(70) })
            let rest = try await store.claimOutbox(by: "p1", now: Self.t0.addingTimeInterval(10), lease: 60, limit: 5)
            #expect(rest.map(\.idempotencyKey) == ["c"], "claimed items and items not yet due are left")
        }
    }

    @Test("a claimed item is not claimed again until its lease runs out; then the new claimer owns it",
        arguments: StoreEngine.allCases)
    func lease(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            _ = try await store.enqueueOutbox(Self.item("k"), now: Self.t0)
            let mine = try #require(try await store.claimOutbox(by: "p1", now: Self.t0, lease: 60, limit: 1).first)
            #expect(try await store.claimOutbox(by: "p2", now: Self.t0.addingTimeInterval(30), lease: 60, limit: 1).isEmpty)
            #expect(try await store.claimOutbox(by: "p2", now: Self.t0.addingTimeInterval(59.9), lease: 60, limit: 1).isEmpty)
            // p1 died: after the lease p2 takes it over
            let taken = try #require(try await store.claimOutbox(by: "p2", now: Self.t0.addingTimeInterval(60), lease: 60, limit: 1).first)
            #expect(taken.id == mine.id && taken.attempts == 2 && taken.claimedBy == "p2")
            #expect(try await !store.completeOutbox(id: mine.id, by: "p1", now: Self.t0.addingTimeInterval(61)), "p1 lost it")
            #expect(try await !store.failOutbox(id: mine.id, by: "p1", error: "late", retryAt: nil, now: Self.t0.addingTimeInterval(61)))
            #expect(try await store.completeOutbox(id: mine.id, by: "p2", now: Self.t0.addingTimeInterval(62)))
            let done = try #require(try await store.outboxItem(id: mine.id))
            #expect(done.state == .done && done.doneAt == Self.t0.addingTimeInterval(62) && done.claimedBy == "p2" && done.lastError == nil)
            #expect(try await !store.completeOutbox(id: mine.id, by: "p2", now: Self.t0.addingTimeInterval(63)), "done once")
            #expect(try await store.claimOutbox(by: "p3", now: Self.t0.addingTimeInterval(1000), lease: 60, limit: 1).isEmpty)
        }
    }

    @Test("only the claimer records a failure; a failure waits until its retry time, or for an admin's retry",
        arguments: StoreEngine.allCases)
    func failAndRetry(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let id = try await store.enqueueOutbox(Self.item("k"), now: Self.t0).item.id
            _ = try await store.claimOutbox(by: "p1", now: Self.t0, lease: 60, limit: 1)
            #expect(try await !store.failOutbox(id: id, by: "p2", error: "not mine", retryAt: nil, now: Self.t0))
            #expect(try await !store.completeOutbox(id: id, by: "p2", now: Self.t0))
            #expect(try await store.failOutbox(id: id, by: "p1", error: "target down", retryAt: Self.t0.addingTimeInterval(20), now: Self.t0))
            var item = try #require(try await store.outboxItem(id: id))
            #expect(item.state == .pending && item.lastError == "target down" && item.nextAttemptAt == Self.t0.addingTimeInterval(20))
            #expect(item.claimedUntil == nil && item.attempts == 1)
            #expect(try await !store.completeOutbox(id: id, by: "p1", now: Self.t0), "the claim ended with the failure")
            #expect(try await store.claimOutbox(by: "p1", now: Self.t0.addingTimeInterval(19), lease: 60, limit: 1).isEmpty)
            #expect(try await store.claimOutbox(by: "p2", now: Self.t0.addingTimeInterval(20), lease: 60, limit: 1).count == 1)
            #expect(try await store.failOutbox(id: id, by: "p2", error: "still down", retryAt: nil, now: Self.t0.addingTimeInterval(21)))
            item = try #require(try await store.outboxItem(id: id))
            #expect(item.state == .failed && item.lastError == "still down" && item.attempts == 2)
            #expect(try await store.outboxCounts() == [.failed: 1])
            #expect(try await store.outboxItems(state: .failed, limit: 10).map(\.id) == [id])
            #expect(try await store.outboxItems(state: .pending, limit: 10).isEmpty)
            #expect(try await store.claimOutbox(by: "p1", now: Self.t0.addingTimeInterval(9999), lease: 60, limit: 1).isEmpty,
                "a failed item waits for an admin")
            // the admin's retry: due now, attempts counted afresh, the last error kept until the next attempt
            #expect(try await store.retryOutbox(id: id, now: Self.t0.addingTimeInterval(100)))
            item = try #require(try await store.outboxItem(id: id))
            #expect(item.state == .pending && item.attempts == 0 && item.lastError == "still down")
            #expect(item.nextAttemptAt == Self.t0.addingTimeInterval(100))
            let again = try await store.claimOutbox(by: "p1", now: Self.t0.addingTimeInterval(100), lease: 60, limit: 1)
            #expect(again.map(\.id) == [id])
            #expect(try await store.completeOutbox(id: id, by: "p1", now: Self.t0.addingTimeInterval(101)))
            #expect(try await !store.retryOutbox(id: id, now: Self.t0.addingTimeInterval(102)), "a done item is not retried")
            #expect(try await !store.retryOutbox(id: 987_654, now: Self.t0))
        }
    }

    @Test("an admin's retry of a waiting pending item makes it due now", arguments: StoreEngine.allCases)
    func retryPending(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let id = try await store.enqueueOutbox(Self.item("k"), now: Self.t0).item.id
            _ = try await store.claimOutbox(by: "p1", now: Self.t0, lease: 60, limit: 1)
            _ = try await store.failOutbox(id: id, by: "p1", error: "e", retryAt: Self.t0.addingTimeInterval(3600), now: Self.t0)
            #expect(try await store.retryOutbox(id: id, now: Self.t0.addingTimeInterval(5)))
            #expect(try await store.claimOutbox(by: "p1", now: Self.t0.addingTimeInterval(5), lease: 60, limit: 1).map(\.id) == [id])
        }
    }

    @Test("two store instances (two processes' connections) claiming at once never share an item",
        arguments: StoreEngine.allCases)
    func concurrentClaimers(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, harness in
            for n in 0..<60 { _ = try await store.enqueueOutbox(Self.item("k-\(n)"), now: Self.t0) }
            let other = try await harness.open()
            let claims = try await withThrowingTaskGroup(of: [(Int64, String)].self) { group in
                for (index, instance) in [store, other, store, other].enumerated() {
                    group.addTask {
                        let claimer = "c\(index)"
                        var mine: [(Int64, String)] = []
                        while true {
                            let got = try await instance.claimOutbox(by: claimer, now: Self.t0, lease: 600, limit: 2)
                            if got.isEmpty { return mine }
                            for item in got {
                                mine.append((item.id, claimer))
                                #expect(try await instance.completeOutbox(id: item.id, by: claimer, now: Self.t0))
                            }
                        }
                    }
                }
                return try await group.reduce(into: [(Int64, String)]()) { $0 += $1 }
            }
            await other.close()
            let all = Dictionary(grouping: claims, by: \.0).mapValues { $0.map(\.1) }
            #expect(all.count == 60 && all.values.allSatisfy { $0.count == 1 }, "\(all.filter { $0.value.count != 1 })")
            #expect(Set(all.values.map { $0[0] }).count > 1, "more than one claimer took items")
            #expect(try await store.outboxCounts() == [.done: 60])
        }
    }
}
