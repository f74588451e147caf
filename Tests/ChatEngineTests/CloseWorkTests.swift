import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// A chat about a ticket queues its log for the ticket in the transaction that closes it: when the queueing
/// fails the chat stays open (the agent may close it again), and once closed the item is there already.
@Suite("The close and its ticket log in one transaction", .timeLimit(.minutes(3)))
struct CloseWorkTests {
    @Test("a failing enqueue keeps the chat open; the next close queues the log with the close in it", arguments: StoreEngine.allCases)
    func closeAndQueueTogether(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await ChatTicketTests.world(store)
            let ticket = try await TicketFlowTests.carlasTicket(w)
            w.service.presence.input(.customer(w.carla), at: w.clock.now)
            let chat = try await w.engine.tickets.startChat(fromTicket: ticket.id, by: w.anna, firstMessage: "Hallo Carla",
                commandID: nil).chat.id
            _ = try await w.service.accept(chat, by: .customer(w.carla))
            _ = try await w.service.postMessage(chat, text: "Geht wieder", by: .customer(w.carla), commandID: nil)
            let key = "chat-\(chat.rawValue)-ticket"

            _ = try await store.database.write { sql in try await sql.execute("ALTER TABLE ce_outbox RENAME TO ce_outbox_away") }
            await #expect(throws: (any Error).self) { _ = try await w.service.close(chat, by: .agent(w.anna)) }
            _ = try await store.database.write { sql in try await sql.execute("ALTER TABLE ce_outbox_away RENAME TO ce_outbox") }
            #expect(try await store.chat(id: chat)?.state == .active, "the close was rolled back with the enqueue")
            #expect(try await store.outboxItem(idempotencyKey: key) == nil)

            let closed = try await w.service.close(chat, by: .agent(w.anna))
            #expect(closed.chat.state == .closed)
            // queued by the close's own commit, before any worker ran; its transcript ends with the close
            let item = try #require(try await store.outboxItem(idempotencyKey: key))
            let payload = try TicketArticlesPayload.decode(item.payload)
            #expect(payload.ticket == ticket.id && payload.agent == w.anna && payload.articles.count == 2)
            #expect(payload.articles.allSatisfy { $0.body.contains("Geht wieder") && $0.body.contains("has closed the chat") })
            #expect(try await w.engine.outbox.workDue().done == 1)
            #expect(try await w.engine.tickets.zoom(ticket.id, by: w.anna)?.articles.count == 3)
        }
    }
}
