import ChatCore
import ChatStore
import ChatTestSupport
import Foundation
import Synchronization
import Testing

@testable import ChatEngine

/// The widget's availability check on busy sites (issue 19): the answer is read from the database at most once
/// per `WidgetAvailabilityCache` seconds per node and never served older, and one client address's polls are
/// limited (`WidgetPollLimit` per `WidgetPollLimitWindow`), per node, without touching anyone else.
@Suite("Widget availability: short cache and poll limit", .timeLimit(.minutes(3)))
struct WidgetAvailabilityTests {
    /// Counts the reads the guard makes of "the database".
    final class CountingRead: Sendable {
        let reads = Atomic<Int>(0)
        let value = Mutex(false)
        var count: Int { reads.load(ordering: .relaxed) }
        func read() async throws -> Bool {
            reads.add(1, ordering: .relaxed)
            return value.withLock { $0 }
        }
    }

    @Test("a second poll within the window does not read the store; after the window it does; a change shows then")
    func cacheWindow() async throws {
        let guardian = WidgetPollGuard(), store = CountingRead(), clock = TestClock()
        let first = try await guardian.available(lifetime: 5, now: { clock.now }, read: store.read)
        #expect(first == (available: false, secondsLeft: 5) && store.count == 1)
        store.value.withLock { $0 = true }
        clock.advance(4.5)
        let second = try await guardian.available(lifetime: 5, now: { clock.now }, read: store.read)
        // still the first read's answer, for what is left of its window (downstream caches keep it no longer)
        #expect(second == (available: false, secondsLeft: 0) && store.count == 1)
        clock.advance(0.5)
        let third = try await guardian.available(lifetime: 5, now: { clock.now }, read: store.read)
        #expect(third.available && store.count == 2)
        // a shorter setting takes effect at once: the answer's age counts against the current setting
        clock.advance(2)
        _ = try await guardian.available(lifetime: 2, now: { clock.now }, read: store.read)
        #expect(store.count == 3)
        // 0: no cache at all
        _ = try await guardian.available(lifetime: 0, now: { clock.now }, read: store.read)
        _ = try await guardian.available(lifetime: 0, now: { clock.now }, read: store.read)
        #expect(store.count == 5)
    }

    @Test("polls that arrive together after the window share one read; a failed read is not kept")
    func sharedReadAndFailure() async throws {
        let guardian = WidgetPollGuard(), clock = TestClock()
        let reads = Atomic<Int>(0)
        let (gate, opened) = AsyncStream<Void>.makeStream()
        let slowRead: @Sendable () async throws -> Bool = {
            reads.add(1, ordering: .relaxed)
            for await _ in gate { break }
            return true
        }
        let answers = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 { group.addTask { try await guardian.available(lifetime: 5, now: { clock.now }, read: slowRead).available } }
            // let the eight polls reach the guard, then finish the one read
            while reads.load(ordering: .relaxed) == 0 { await Task.yield() }
            for _ in 0..<20 { await Task.yield() }
            opened.yield()
            opened.finish()
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(answers == Array(repeating: true, count: 8))
        #expect(reads.load(ordering: .relaxed) == 1)

        struct Down: Error {}
        clock.advance(5)
        await #expect(throws: Down.self) {
            try await guardian.available(lifetime: 5, now: { clock.now }, read: { throw Down() })
        }
        let store = CountingRead()
        _ = try await guardian.available(lifetime: 5, now: { clock.now }, read: store.read)
        #expect(store.count == 1)
    }

    @Test("through the engine: an agent's availability shows after at most the window, on two nodes alike",
        arguments: StoreEngine.allCases)
    func engineCache(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let clock = TestClock()
            let overrides = "$Self->{'ChatEngine::PublicInterface::WidgetAvailabilityCache'} = 5;"
            // two nodes on one database: two services, each with its own cache
            let node1 = try ServiceHarness.service(store, clock: clock, overrides: overrides)
            let node2 = try ServiceHarness.service(store, clock: clock, overrides: overrides)
            _ = try await node1.defaultChannel()  // made at first use (a real start's first-start makes it)
            let before = try await node1.widgetAvailability(origin: "https://www.example.com", clientAddress: "192.0.2.1")
            #expect(before == WidgetAvailabilityAnswer(available: false, pollSeconds: 30, maxAgeSeconds: 5))
            clock.advance(2)
            _ = try await node2.widgetAvailability(origin: "https://www.example.com", clientAddress: "192.0.2.1")
            let olga = try await store.addAgent(NewAgent(login: "olga", firstName: "Olga", lastName: "Agent", email: "o@x",
                passwordHash: nil))
            for permission in [GroupPermission.ro, .chatOwner] { try await store.link(agent: olga.id, group: "users", permission: permission) }
            try await node1.setAvailability(.external, for: olga.id)
            // the agent's tab is alive (it speaks to each node's presence board)
            for node in [node1, node2] { node.presence.heartbeat(.agent(olga.id), at: clock.now) }
            // within the window each node still gives the answer it read (proof it did not ask the store again)
            clock.advance(1)
            #expect(try await node1.widgetAvailability(origin: "https://www.example.com", clientAddress: "192.0.2.1")
                == WidgetAvailabilityAnswer(available: false, pollSeconds: 30, maxAgeSeconds: 2))
            #expect(try await node2.widgetAvailability(origin: "https://www.example.com", clientAddress: "192.0.2.1").available == false)
            // at most the window after the change, both nodes tell it
            clock.advance(4)
            #expect(try await node1.widgetAvailability(origin: "https://www.example.com", clientAddress: "192.0.2.1").available)
            #expect(try await node2.widgetAvailability(origin: "https://www.example.com", clientAddress: "192.0.2.1").available)
        }
    }

    @Test("the poll limit triggers for one address, leaves others alone, says when to retry and releases")
    func pollLimit() async throws {
        try await StoreHarness.with(.sqlite) { store, _ in
            let clock = TestClock()
            let service = try ServiceHarness.service(store, clock: clock, overrides: """
                $Self->{'ChatEngine::PublicInterface::WidgetPollLimit'} = 3;
                $Self->{'ChatEngine::PublicInterface::WidgetPollLimitWindow'} = 10;
                """)
            let site = "https://www.example.com"
            for _ in 0..<3 { _ = try await service.widgetAvailability(origin: site, clientAddress: "192.0.2.1") }
            clock.advance(4)
            await #expect(throws: WidgetPollsTooFrequent(retryAfter: 6)) {
                try await service.widgetAvailability(origin: site, clientAddress: "192.0.2.1")
            }
            // another address, even in the same network, is not affected
            _ = try await service.widgetAvailability(origin: site, clientAddress: "192.0.2.2")
            _ = try await service.widgetAvailability(origin: site, clientAddress: "2001:db8::1")
            clock.advance(6)
            _ = try await service.widgetAvailability(origin: site, clientAddress: "192.0.2.1")
        }
    }

    @Test("a site not allowed is refused before it counts or reads anything")
    func refusedSite() async throws {
        try await StoreHarness.with(.sqlite) { store, _ in
            let service = try ServiceHarness.service(store, overrides: """
                $Self->{'ChatEngine::PublicInterface::AllowedOrigins'} = ['https://www.example.com'];
                $Self->{'ChatEngine::PublicInterface::WidgetPollLimit'} = 1;
                """)
            for _ in 0..<3 {
                await #expect(throws: WidgetError.originNotAllowed("https://evil.example")) {
                    try await service.widgetAvailability(origin: "https://evil.example", clientAddress: "192.0.2.1")
                }
            }
            _ = try await service.widgetAvailability(origin: "https://www.example.com", clientAddress: "192.0.2.1")
        }
    }
}
