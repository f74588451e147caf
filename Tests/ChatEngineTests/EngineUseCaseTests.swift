import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// Use cases that used to be half in the web layer: a visitor's first request, declining a general
/// request, the agent's stored filter and chat order.
@Suite("Engine use cases", .timeLimit(.minutes(3)))
struct EngineUseCaseTests {
    /// An engine on `store` with one external agent ("olga", ro and chat_owner on users) staffing the default channel.
    static func staffed(_ store: SQLStore, clock: TestClock = TestClock()) async throws -> (ChatService, AgentID) {
        let service = try ServiceHarness.service(store, clock: clock)
        let olga = try await store.addAgent(NewAgent(login: "olga", firstName: "Olga", lastName: "Agent", email: "o@x",
            passwordHash: nil))
        for permission in [GroupPermission.ro, .chatOwner] { try await store.link(agent: olga.id, group: "users", permission: permission) }
        try await service.setAvailability(.external, for: olga.id)
        service.presence.input(.agent(olga.id), at: clock.now)
        return (service, olga.id)
    }

    /// A first request's command ID as the pages make them (random, unguessable).
    static let firstID = "c-6f1c2a9e-3b7d-4e0a-9c55-0d2f8b1e7a43"

    static func visitorCount(_ store: SQLStore) async throws -> Int64 {
        try await store.database.read("SELECT COUNT(*) AS n FROM ce_visitor", []).first?.int("n") ?? -1
    }

    @Test("a refused first request leaves no visitor behind", arguments: StoreEngine.allCases)
    func refusedFirstRequest(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let service = try ServiceHarness.service(store)  // nobody staffs the default channel
            await #expect(throws: ChatError.channelNotStaffed("Default channel")) {
                _ = try await service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: "Hi", commandID: "f-1",
                    clientAddress: "192.0.2.1")
            }
            let (staffedService, _) = try await Self.staffed(store)
            await #expect(throws: ChatError.messageTooLong(scalars: 3801, limit: 3800)) {
                _ = try await staffedService.requestChatAsNewVisitor(name: "Vera", channel: nil,
                    firstMessage: String(repeating: "x", count: 3801), commandID: "f-2", clientAddress: "192.0.2.1")
            }
            await #expect(throws: ChatError.self) {
                _ = try await staffedService.requestChatAsNewVisitor(name: "  ", channel: nil, firstMessage: "Hi",
                    commandID: "f-3", clientAddress: "192.0.2.1")
            }
            #expect(try await Self.visitorCount(store) == 0)
        }
    }

    @Test("a first request sent again gets the same visitor and chat, with a token that works", arguments: StoreEngine.allCases)
    func resentFirstRequest(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let (service, _) = try await Self.staffed(store)
            let sessions = Authenticator(service: service)
            let first = try await service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: "Hi",
                commandID: Self.firstID, clientAddress: "192.0.2.1")
            #expect(first.result.chat.state == .request && first.result.events.count == 2)
            let again = try await service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: "Hi",
                commandID: Self.firstID, clientAddress: "192.0.2.1")
            #expect(again.visitor == first.visitor && again.result.chat.id == first.result.chat.id)
            #expect(again.result.acknowledgedSeq == first.result.acknowledgedSeq)
            #expect(try await sessions.visitor(again.token) == first.visitor)
            #expect(try await Self.visitorCount(store) == 1)
            // the same command ID from another address is another visitor, who may ask too
            let other = try await service.requestChatAsNewVisitor(name: "Otto", channel: nil, firstMessage: "Hi",
                commandID: Self.firstID, clientAddress: "198.51.100.9")
            #expect(other.visitor != first.visitor)
            // a short, guessable command ID never fetches an earlier visitor: it makes a new one
            let short = try await service.requestChatAsNewVisitor(name: "Sam", channel: nil, firstMessage: "Hi", commandID: "1",
                clientAddress: "203.0.113.5")
            let shortAgain = try await service.requestChatAsNewVisitor(name: "Mallory", channel: nil, firstMessage: "Hi",
                commandID: "1", clientAddress: "203.0.113.5")
            #expect(shortAgain.visitor != short.visitor && shortAgain.result.chat.id != short.result.chat.id)
            #expect(try await sessions.visitor(short.token) == short.visitor, "Sam's token still works")
            // a visitor with a waiting request cannot open a second one
            await #expect(throws: ChatError.requestAlreadyWaiting) {
                _ = try await service.requestChat(by: .visitor(first.visitor), channel: nil, firstMessage: "Again",
                    commandID: "f-9")
            }
        }
    }

    @Test("an agent declining a general request hides it for them only; their filter and chat order are kept",
        arguments: StoreEngine.allCases)
    func declineFilterAndOrder(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, harness in
            let clock = TestClock()
            let (service, olga) = try await Self.staffed(store, clock: clock)
            let paul = try await store.addAgent(NewAgent(login: "paul", firstName: "Paul", lastName: "Agent", email: "p@x",
                passwordHash: nil))
            try await store.link(agent: paul.id, group: "users", permission: .chatOwner)
            let request = try await service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: "Hi",
                commandID: nil, clientAddress: "192.0.2.1").result.chat
            let declined = try await service.decline(request.id, by: .agent(olga))
            #expect(declined.events.isEmpty && declined.chat.state == .request, "nothing recorded in the chat")
            #expect(try await service.requests(for: olga).isEmpty)
            #expect(try await service.requests(for: paul.id).map(\.id) == [request.id], "others may still accept")

            try await service.setRequestFilter(.mine, for: paul.id)
            #expect(try await service.requests(for: paul.id).count == 1, "Mine with nothing chosen: every channel")
            let sales = try await store.addChannel(name: "Sales", group: "users", comment: "")
            try await service.chooseChannels([sales.id], for: paul.id)
            #expect(try await service.requests(for: paul.id).isEmpty, "Mine: only the chosen Sales channel")
            try await service.setChatOrder(.prepend, for: olga)
            // another engine on a new store instance: the choices are still there
            let reopened = try await harness.open()
            let elsewhere = try ServiceHarness.service(reopened, clock: clock)
            #expect(try await elsewhere.requests(for: olga).isEmpty)
            #expect(try await elsewhere.chatOrder(of: olga) == .prepend)
            #expect(try await elsewhere.chatOrder(of: paul.id) == .append, "ChatEngine::ChatOrder's default")
            #expect(try await elsewhere.preferences(of: paul.id).requestFilter == .mine)
            await reopened.close()
        }
    }

    @Test("command IDs are the sender's own: a collision stores both, an outsider's replay is refused, a resend returns the Seq",
        arguments: StoreEngine.allCases)
    func commandIDsPerSender(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let (service, olga) = try await Self.staffed(store)
            let vera = try await service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: nil,
                commandID: Self.firstID, clientAddress: "192.0.2.1")
            let chat = vera.result.chat.id
            _ = try await service.accept(chat, by: .agent(olga))
            let mine = try await service.postMessage(chat, text: "from Olga", by: .agent(olga), commandID: "same-id")
            let hers = try await service.postMessage(chat, text: "from Vera", by: .visitor(vera.visitor), commandID: "same-id")
            #expect(mine.duplicateOf == nil && hers.duplicateOf == nil, "two people, two commands")
            #expect(hers.events.first?.seq == (mine.events.first?.seq ?? 0) + 1)
            let resent = try await service.postMessage(chat, text: "from Vera", by: .visitor(vera.visitor), commandID: "same-id")
            #expect(resent.duplicateOf == hers.events.first?.seq, "the sender's resend gets its original Seq")
            // someone outside the chat replaying the ID learns nothing
            let otto = try await service.requestChatAsNewVisitor(name: "Otto", channel: nil, firstMessage: nil, commandID: nil,
                clientAddress: "198.51.100.9")
            await #expect(throws: ChatError.self) {
                _ = try await service.postMessage(chat, text: "replay", by: .visitor(otto.visitor), commandID: "same-id")
            }
            let texts = try await service.catchUp(chat, after: 0, for: .agent(olga), limit: 100).map(\.text)
            #expect(texts.filter { $0 == "from Olga" }.count == 1 && texts.filter { $0 == "from Vera" }.count == 1)
            #expect(!texts.contains("replay"))
        }
    }

    @Test("a new password ends the agent's sessions, and only theirs", arguments: StoreEngine.allCases)
    func passwordChangeEndsSessions(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let service = try ServiceHarness.service(store)
            let admin = Administration(service: service)
            let sessions = Authenticator(service: service)
            _ = try await admin.addAgent(login: "anna", firstName: "Anna", lastName: "A", email: "a@x", password: "old one")
            _ = try await admin.addAgent(login: "bert", firstName: "Bert", lastName: "B", email: "b@x", password: "bert's")
            let tab1 = try #require(try await sessions.loginAgent("anna", password: "old one"))
            let tab2 = try #require(try await sessions.loginAgent("anna", password: "old one"))
            let bert = try #require(try await sessions.loginAgent("bert", password: "bert's"))
            try await admin.setAgentPassword(login: "anna", password: "new one")
            #expect(try await sessions.session(tab1.token) == nil)
            #expect(try await sessions.session(tab2.token) == nil)
            #expect(try await sessions.session(bert.token) != nil, "other people stay logged in")
            #expect(try await sessions.loginAgent("anna", password: "old one") == nil)
            #expect(try await sessions.loginAgent("anna", password: "new one") != nil)
        }
    }

    @Test("messages per sender: a burst, then the sustained rate; other senders unaffected; refusals cost nothing",
        arguments: StoreEngine.allCases)
    func messageRatePerSender(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let clock = TestClock()
            let service = try ServiceHarness.service(store, clock: clock, overrides: """
                    $Self->{'ChatEngine::Messages::BurstPerSender'} = 3;
                    $Self->{'ChatEngine::Messages::PerMinutePerSender'} = 60;
                """)
            let olga = try await store.addAgent(NewAgent(login: "olga", firstName: "O", lastName: "A", email: "o@x", passwordHash: nil))
            for permission in [GroupPermission.ro, .chatOwner] { try await store.link(agent: olga.id, group: "users", permission: permission) }
            try await service.setAvailability(.external, for: olga.id)
            service.presence.input(.agent(olga.id), at: clock.now)
            let vera = try await service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: nil, commandID: nil,
                clientAddress: "192.0.2.1")
            let chat = vera.result.chat.id
            _ = try await service.accept(chat, by: .agent(olga.id))
            let visitor = Person.visitor(vera.visitor)
            // a refused message (too long) takes nothing from the burst
            await #expect(throws: ChatError.self) {
                _ = try await service.postMessage(chat, text: String(repeating: "x", count: 3801), by: visitor, commandID: nil)
            }
            for index in 1...3 { _ = try await service.postMessage(chat, text: "m\(index)", by: visitor, commandID: "m\(index)") }
            await #expect(throws: ChatError.tooManyMessages) {
                _ = try await service.postMessage(chat, text: "m4", by: visitor, commandID: "m4")
            }
            _ = try await service.postMessage(chat, text: "agent's", by: .agent(olga.id), commandID: nil)  // not Vera's limit
            clock.advance(1)  // 60 a minute: one more a second
            _ = try await service.postMessage(chat, text: "m4", by: visitor, commandID: "m4")
            await #expect(throws: ChatError.tooManyMessages) {
                _ = try await service.postMessage(chat, text: "m5", by: visitor, commandID: "m5")
            }
            clock.advance(60)
            _ = try await service.postMessage(chat, text: "m5", by: visitor, commandID: "m5")
            let texts = try await service.catchUp(chat, after: 0, for: visitor, limit: 100).map(\.text)
            #expect(texts.filter { $0.hasPrefix("m") } == ["m1", "m2", "m3", "m4", "m5"])
        }
    }
}

