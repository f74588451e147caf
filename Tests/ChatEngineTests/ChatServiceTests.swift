import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Testing

@Suite("Chat service", .timeLimit(.minutes(5)))
struct ChatServiceTests {
    struct World {
        let store: SQLStore
        let service: ChatService
        let clock: TestClock
        let owner: AgentID
        let colleague: AgentID
        let customer: CustomerUserID
    }

    func world(_ store: SQLStore, overrides: String = "") async throws -> World {
        let clock = TestClock()
        let service = try ServiceHarness.service(store, clock: clock, overrides: overrides)
        func agent(_ login: String, _ permissions: [GroupPermission]) async throws -> AgentID {
            let agent = try await store.addAgent(NewAgent(login: login, firstName: login.capitalized, lastName: "Agent",
                email: "\(login)@example.com", passwordHash: nil))
            for permission in permissions { try await store.link(agent: agent.id, group: "users", permission: permission) }
            return agent.id
        }
        let owner = try await agent("olga", [.ro, .chatOwner])
        let colleague = try await agent("paul", [.ro, .chatParticipant])
        try await store.addCustomerCompany(id: "ACME", name: "Acme")
        let customer = try await store.addCustomerUser(NewCustomerUser(login: "carla", customerID: "ACME", email: "c@x",
            firstName: "Carla", lastName: "Kunde", passwordHash: nil))
        return World(store: store, service: service, clock: clock, owner: owner, colleague: colleague, customer: customer.id)
    }

    @Test("staffing gates requests; login sets internal; going external with a live tab staffs the default channel",
        arguments: StoreEngine.allCases)
    func staffingAndRequests(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await world(store)
            let channel = try await w.service.defaultChannel()
            #expect(channel.name == "Default channel" && channel.group == "users")
            await #expect(throws: ChatError.channelNotStaffed("Default channel")) {
                _ = try await w.service.requestChat(by: .customer(w.customer), channel: nil, firstMessage: "Hi", commandID: nil)
            }
            try await w.service.agentLoggedIn(w.owner)
            #expect(try await store.agent(id: w.owner)?.availability == .internal)
            #expect(!(try await w.service.isStaffed(channel)))
            try await w.service.setAvailability(.external, for: w.owner)
            #expect(try await w.service.isStaffed(channel))
            // the tab goes quiet: after two heartbeats and the grace it no longer staffs the channel
            w.clock.advance(36)
            #expect(!(try await w.service.isStaffed(channel)))
            w.service.presence.heartbeat(.agent(w.owner), at: w.clock.now)
            // away (no input for the threshold) still staffs, unless AwayAgentsAreUnavailable
            w.clock.advance(30)
            w.service.presence.heartbeat(.agent(w.owner), at: w.clock.now)
            #expect(try await w.service.isStaffed(channel))
            let request = try await w.service.requestChat(by: .customer(w.customer), channel: nil, firstMessage: "Hallo 👋",
                commandID: "new-1")
            #expect(request.chat.state == .request)
            #expect(try await w.service.requests(for: w.owner).map(\.id) == [request.chat.id])
            #expect(try await w.service.requests(for: w.colleague).isEmpty, "participants cannot take requests")
        }
    }

    @Test("a whole chat: accept, messages with idempotent resend, invite, observer unseen by the customer",
        arguments: StoreEngine.allCases)
    func wholeChat(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await world(store, overrides: "    $Self->{'ChatEngine::CustomerInterface::AvailabilityCheck'} = 0;")
            try await w.service.setAvailability(.external, for: w.owner)
            try await w.service.setAvailability(.internal, for: w.colleague)
            let notices = w.service.bus.subscribe()
            let chat = try await w.service.requestChat(by: .customer(w.customer), channel: nil, firstMessage: "Grüße, 你好 😀",
                commandID: "create").chat
            _ = try await w.service.accept(chat.id, by: .agent(w.owner))
            let sent = try await w.service.postMessage(chat.id, text: "Hello Carla", by: .agent(w.owner), commandID: "m1")
            let resent = try await w.service.postMessage(chat.id, text: "Hello Carla", by: .agent(w.owner), commandID: "m1")
            #expect(resent.duplicateOf == sent.acknowledgedSeq && resent.events.isEmpty)
            _ = try await w.service.invite(chat.id, agent: w.colleague, by: .agent(w.owner))
            _ = try await w.service.join(chat.id, as: .observer, by: w.colleague)
            _ = try await w.service.postMessage(chat.id, text: "I'm watching", visibility: .agents, by: .agent(w.colleague), commandID: "p1")
            _ = try await w.service.switchRole(chat.id, to: .participant, by: w.colleague)

            let customerView = try await w.service.catchUp(chat.id, after: 0, for: .customer(w.customer)).map(\.text)
            #expect(customerView == [
                "Carla Kunde has requested a chat.", "Grüße, 你好 😀", "Support Agent 1 has joined the chat.",
                "Hello Carla", "Support Agent 2 has joined the chat.",
            ])
            let agentView = try await w.service.catchUp(chat.id, after: 0, for: .agent(w.owner))
            #expect(agentView.contains { $0.text == "I'm watching" && $0.isInternal && $0.author == "Paul Agent" })
            #expect(try await w.service.catchUp(chat.id, after: 6, for: .customer(w.customer)).map(\.text)
                == ["Support Agent 2 has joined the chat."])
            await #expect(throws: ChatError.notInChat) {
                _ = try await w.service.catchUp(chat.id, after: 0, for: .visitor(VisitorID("someone-else")))
            }
            // every committed command was announced, resends were not
            var seen: [Int64] = []
            for await notice in notices {
                seen.append(notice.seq)
                if notice.seq == 8 { break }
            }
            #expect(seen == [2, 3, 4, 5, 6, 7, 8])
            // the log has no gaps: a resend left neither an event nor a skipped sequence number
            let stored = try await store.events(of: chat.id, after: 0, limit: 100).map(\.seq)
            #expect(stored == Array(1...8))
            #expect(try await w.service.chat(chat.id).lastSeq == 8)
            #expect(try await w.service.activeChats(for: w.owner).map(\.id) == [chat.id])
            _ = try await w.service.close(chat.id, by: .agent(w.owner))
            #expect(try await w.service.closedChats(for: .agent(w.colleague), search: "carla").map(\.id) == [chat.id])
        }
    }

    @Test("ChatOrder and retention follow the settings", arguments: StoreEngine.allCases)
    func orderAndRetention(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await world(store, overrides: """
                    $Self->{'ChatEngine::CustomerInterface::AvailabilityCheck'} = 0;
                    $Self->{'ChatEngine::ChatOrder'} = 'Prepend';
                    $Self->{'ChatEngine::ChatTTL'} = 2;
                """)
            try await w.service.setAvailability(.external, for: w.owner)
            var ids: [ChatID] = []
            for n in 0..<3 {
                let chat = try await w.service.requestChat(by: .customer(w.customer), channel: nil, firstMessage: "n\(n)", commandID: "c\(n)").chat
                _ = try await w.service.accept(chat.id, by: .agent(w.owner))
                ids.append(chat.id)
                w.clock.advance(1)
            }
            #expect(try await w.service.activeChats(for: w.owner).map(\.id) == ids.reversed())
            _ = try await w.service.close(ids[0], by: .agent(w.owner))
            w.clock.advance(2 * 3600 - 10)
            #expect(try await Retention.run(store: store, settings: w.service.settings, now: w.clock.now) == 0)
            w.clock.advance(20)
            #expect(try await Retention.run(store: store, settings: w.service.settings, now: w.clock.now) == 1)
            #expect(try await store.chat(id: ids[0]) == nil)
        }
    }
}
