import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Synchronization
import Testing

/// Issue 10, item 1 and 2: a participant's presence change reaches the open chats (their summaries are sent
/// again), whether a command reports it (availability, writing, logout) or only the clock does (idle).
@Suite("Presence changes reach the open chats", .timeLimit(.minutes(2)))
struct PresenceWatchTests {
    /// The chat IDs published so far, gathered from the watch's stream.
    final class Published: Sendable {
        private let ids = Mutex<[ChatID]>([])

        init(_ service: ChatService) {
            let stream = service.presenceWatch.changes.subscribe()
            Task { for await id in stream { self.ids.withLock { $0.append(id) } } }
        }

        /// What arrived until `count` did (or two seconds passed), emptied for the next step.
        func take(waitingFor count: Int) async -> [ChatID] {
            for _ in 0..<200 where ids.withLock({ $0.count }) < count { try? await Task.sleep(for: .milliseconds(10)) }
            return ids.withLock { taken in defer { taken = [] }; return taken }
        }
    }

    @Test("idle past the threshold, unavailable, writing again and logging out each change the chat's colours",
        arguments: StoreEngine.allCases)
    func presenceFollowsThePerson(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let clock = TestClock()
            let service = try ServiceHarness.service(store, clock: clock)
            let agent = try await store.addAgent(NewAgent(login: "olga", firstName: "Olga", lastName: "Agent", email: "o@x",
                passwordHash: nil)).id
            for permission in [GroupPermission.ro, .chatOwner] { try await store.link(agent: agent, group: "users", permission: permission) }
            try await store.addCustomerCompany(id: "ACME", name: "Acme")
            let customer = Person.customer(try await store.addCustomerUser(NewCustomerUser(login: "carla", customerID: "ACME",
                email: "c@x", firstName: "Carla", lastName: "Kunde", passwordHash: nil)).id)
            let published = Published(service)

            try await service.agentLoggedIn(agent)
            try await service.setAvailability(.external, for: agent)
            service.presence.input(customer, at: clock.now)
            let chat = try await service.requestChat(by: customer, channel: nil, firstMessage: "Hallo", commandID: nil).chat.id
            _ = try await service.accept(chat, by: .agent(agent))
            try await service.sweepPresence()
            #expect(await published.take(waitingFor: 1).contains(chat), "first seen in the chat: active")
            try await service.sweepPresence()
            #expect(await published.take(waitingFor: 1).isEmpty, "nothing changed, nothing sent")

            // both keep their tabs open but touch nothing for longer than the online threshold
            clock.advance(TimeInterval(service.settings.agentOnlineThreshold * 60 + 1))
            service.presence.heartbeat(.agent(agent), at: clock.now)
            service.presence.heartbeat(customer, at: clock.now)
            #expect(await service.currentPresence(of: .agent(agent)) == .away)
            try await service.sweepPresence()
            #expect(await published.take(waitingFor: 2) == [chat, chat], "each of the two went away")

            try await service.setAvailability(.unavailable, for: agent)
            #expect(await published.take(waitingFor: 1) == [chat], "unavailable shows without waiting for a sweep")
            #expect(await service.currentPresence(of: .agent(agent)) == .unavailable)

            _ = try await service.postMessage(chat, text: "Noch da?", by: customer, commandID: nil)
            #expect(await published.take(waitingFor: 1) == [chat], "whoever just wrote is active at once")
            #expect(await service.currentPresence(of: customer) == .active)

            service.presence.loggedOut(.agent(agent))
            try await service.sweepPresence()
            #expect(await published.take(waitingFor: 1) == [chat], "logged out: offline")
            #expect(await service.currentPresence(of: .agent(agent)) == .offline)
        }
    }

    @Test("people online lists only people with a live tab, with their presence", arguments: StoreEngine.allCases)
    func peopleOnline(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let clock = TestClock()
            let service = try ServiceHarness.service(store, clock: clock)
            let directory = Directory(service: service)
            let olga = try await store.addAgent(NewAgent(login: "olga", firstName: "Olga", lastName: "Agent", email: "o@x",
                passwordHash: nil)).id
            _ = try await store.addAgent(NewAgent(login: "paul", firstName: "Paul", lastName: "Away", email: "p@x", passwordHash: nil))
            try await store.addCustomerCompany(id: "ACME", name: "Acme")
            let carla = try await store.addCustomerUser(NewCustomerUser(login: "carla", customerID: "ACME", email: "c@x",
                firstName: "Carla", lastName: "Kunde", passwordHash: nil)).id
            try await service.agentLoggedIn(olga)
            service.presence.input(.customer(carla), at: clock.now)
            var online = try await directory.peopleOnline()
            #expect(online.agents.map(\.profile.login) == ["olga"], "paul never opened a tab")
            #expect(online.agents.first?.presence == .unavailable || online.agents.first?.presence == .active)
            #expect(online.customers.map(\.profile.login) == ["carla"])
            // carla's tab goes quiet; olga's keeps beating
            clock.advance(36)
            service.presence.heartbeat(.agent(olga), at: clock.now)
            online = try await directory.peopleOnline()
            #expect(online.agents.map(\.profile.login) == ["olga"])
            #expect(online.customers.isEmpty, "no live tab: not online")
            service.presence.loggedOut(.agent(olga))
            #expect(try await directory.peopleOnline().agents.isEmpty, "logged out")
        }
    }
}
