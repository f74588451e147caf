import ChatEngine
import ChatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// `AdminChatOutbox` through HTTP: the counts, the list with its last errors and a state filter, Retry only
/// as a POST with the challenge token, nothing for agents who are not admins.
@Suite("AdminChatOutbox screen", .timeLimit(.minutes(3)))
struct AdminChatOutboxTests {
    /// Two failed items (one with markup in its error), one pending, one done, straight in the store.
    static func seed(_ harness: WebHarness) async throws -> (failed: Int64, pending: Int64, done: Int64) {
        let store = harness.store, now = harness.clock.now
        func add(_ key: String) async throws -> Int64 {
            try await store.enqueueOutbox(NewOutboxItem(kind: "ticket-articles", idempotencyKey: key, payload: "{}"), now: now).item.id
        }
        let failed = try await add("chat-1-log"), other = try await add("chat-2-log")
        let pending = try await add("chat-3-log"), done = try await add("chat-4-log")
        let claimed = try await store.claimOutbox(by: "node-a", now: now, lease: 60, limit: 10)
        #expect(claimed.count == 4)
        _ = try await store.failOutbox(id: failed, by: "node-a", error: "the ticket system answered 503 <b>Busy</b>", retryAt: nil, now: now)
        _ = try await store.failOutbox(id: other, by: "node-a", error: "ticket 7 not found", retryAt: nil, now: now)
        _ = try await store.failOutbox(id: pending, by: "node-a", error: "connection refused",
            retryAt: now.addingTimeInterval(3600), now: now)
        _ = try await store.completeOutbox(id: done, by: "node-a", now: now)
        return (failed, pending, done)
    }

    @Test("the list: counts, kind, key, state, attempts, next attempt, last error (escaped), a filter by state")
    func list() async throws {
        try await WebHarness.with { harness, client async throws in
            let ids = try await Self.seed(harness)
            let admin = try await AdminScreenTests.admin(harness, client)
            let page = try await AdminScreenTests.submit(client, admin, "AdminChatOutbox", "", token: false, method: .get)
            #expect(page.status == .ok)
            #expect(page.page.contains("<span data-count=\"pending\">Pending: <strong>1</strong>"))
            #expect(page.page.contains("<span data-count=\"failed\">Failed: <strong>2</strong>"))
            #expect(page.page.contains("the ticket system answered 503 &lt;b&gt;Busy&lt;/b&gt;"), "the last error, escaped")
            #expect(!page.page.contains("<b>Busy</b>"))
            #expect(page.page.contains("connection refused") && page.page.contains("ticket 7 not found"))
            #expect(page.page.contains("<code>chat-3-log</code>") && page.page.contains(">ticket-articles<"))
            let failedRow = try #require(Self.row(page.page, ids.failed))
            #expect(failedRow.contains("data-state=\"failed\"") && failedRow.contains("<td>1</td>"), "one attempt")
            #expect(failedRow.contains("name=\"Subaction\" value=\"Retry\""), "a failed item can be retried")
            let pendingRow = try #require(Self.row(page.page, ids.pending))
            let next = AdminChatOutbox.time(harness.clock.now.addingTimeInterval(3600))
            #expect(pendingRow.contains("<td>\(next)</td>"), "its next attempt")
            #expect(pendingRow.contains("Retry"))
            let doneRow = try #require(Self.row(page.page, ids.done))
            #expect(!doneRow.contains("Retry") && doneRow.contains("by node-a"))

            let failedOnly = try await AdminScreenTests.submit(client, admin, "AdminChatOutbox", "", ["State": "failed"],
                token: false, method: .get)
            #expect(Self.row(failedOnly.page, ids.failed) != nil && Self.row(failedOnly.page, ids.pending) == nil)
            #expect(Self.row(failedOnly.page, ids.done) == nil)
            #expect(failedOnly.page.contains("<option value=\"failed\" selected>"))
            let overview = try await AdminScreenTests.submit(client, admin, "Admin", "", token: false, method: .get)
            #expect(overview.page.contains("Action=AdminChatOutbox"), "the Admin overview links it")
        }
    }

    @Test("Retry needs a POST with the challenge token; it makes a failed item pending and due now")
    func retry() async throws {
        try await WebHarness.with { harness, client async throws in
            let ids = try await Self.seed(harness)
            let admin = try await AdminScreenTests.admin(harness, client)
            let values = ["OutboxItemID": "\(ids.failed)"]
            let tokenless = try await AdminScreenTests.submit(client, admin, "AdminChatOutbox", "Retry", values, token: false)
            #expect(tokenless.status == .forbidden && tokenless.page.contains("Invalid challenge token"))
            let forged = try await AdminScreenTests.submit(client, WebSession(interface: .agent, cookie: admin.cookie, challenge: "forged"),
                "AdminChatOutbox", "Retry", values)
            #expect(forged.status == .forbidden)
            let get = try await AdminScreenTests.submit(client, admin, "AdminChatOutbox", "Retry", values, method: .get)
            #expect(get.status == .methodNotAllowed)
            #expect(try await harness.store.outboxItem(id: ids.failed)?.state == .failed, "nothing changed yet")

            let retried = try await AdminScreenTests.submit(client, admin, "AdminChatOutbox", "Retry", values)
            #expect(retried.status == .ok && retried.page.contains("Outbox item \(ids.failed) will be attempted again now."))
            let item = try #require(try await harness.store.outboxItem(id: ids.failed))
            #expect(item.state == .pending && item.attempts == 0 && item.nextAttemptAt <= Date())
            #expect(retried.page.contains("<span data-count=\"failed\">Failed: <strong>1</strong>"))

            let doneRetry = try await AdminScreenTests.submit(client, admin, "AdminChatOutbox", "Retry", ["OutboxItemID": "\(ids.done)"])
            #expect(doneRetry.status == .forbidden && doneRetry.page.contains("only a pending or failed outbox item can be retried"))
            #expect(try await harness.store.outboxItem(id: ids.done)?.state == .done)
            let none = try await AdminScreenTests.submit(client, admin, "AdminChatOutbox", "Retry", ["OutboxItemID": "x"])
            #expect(none.page.contains("No outbox item chosen."))
        }
    }

    @Test("an agent without rw on admin sees nothing and retries nothing")
    func nonAdminRefused() async throws {
        try await WebHarness.with { harness, client async throws in
            let ids = try await Self.seed(harness)
            _ = try await harness.addAgent("plain", first: "Plain", last: "Agent")
            let plain = try await WebSession.login(client, .agent, "plain", "secret-plain")
            let list = try await AdminScreenTests.submit(client, plain, "AdminChatOutbox", "", token: false, method: .get)
            #expect(list.status == .forbidden && list.page.contains("no permission to use AdminChatOutbox"))
            #expect(!list.page.contains("chat-1-log") && !list.page.contains("503"))
            let retry = try await AdminScreenTests.submit(client, plain, "AdminChatOutbox", "Retry", ["OutboxItemID": "\(ids.failed)"])
            #expect(retry.status == .forbidden)
            #expect(try await harness.store.outboxItem(id: ids.failed)?.state == .failed)
        }
    }

    /// The table row of one item.
    static func row(_ page: String, _ id: Int64) -> String? {
        guard let start = page.range(of: "<tr data-outbox-id=\"\(id)\"") else { return nil }
        guard let end = page.range(of: "</tr>", range: start.upperBound..<page.endIndex) else { return nil }
        return String(page[start.lowerBound..<end.upperBound])
    }
}
