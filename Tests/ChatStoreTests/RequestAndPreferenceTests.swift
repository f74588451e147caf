import ChatCore
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// The rules the store itself holds: one waiting request per customer user or visitor (a constraint two
/// tabs cannot race past), a visitor recorded with their first request, agents' preferences.
@Suite("Waiting requests, first requests and preferences on SQLite and PostgreSQL", .timeLimit(.minutes(3)))
struct RequestAndPreferenceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func request(_ store: SQLStore, by person: Person, in channel: ChannelID, commandID: String?,
        newVisitor: NewVisitor? = nil) async throws -> AppendResult
    {
        try await store.createChat(actor: person, kinds: [.created(channel: channel, target: .channel)], commandID: commandID,
            now: t0, newVisitor: newVisitor)
    }

    @Test("a second waiting request of one customer user is refused; after acceptance a new one is fine",
        arguments: StoreEngine.allCases)
    func oneWaitingRequest(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let channel = try await store.addChannel(name: "Support", group: "users", comment: "").id
            let carla = Person.customer(CustomerUserID(7))
            let first = try await Self.request(store, by: carla, in: channel, commandID: "c-1")
            await #expect(throws: ChatError.requestAlreadyWaiting) {
                _ = try await Self.request(store, by: carla, in: channel, commandID: "c-2")
            }
            let resend = try await Self.request(store, by: carla, in: channel, commandID: "c-1")
            #expect(resend.chat.id == first.chat.id && resend.duplicateOf != nil, "a resend is no second request")
            // someone else may ask meanwhile
            _ = try await Self.request(store, by: .customer(CustomerUserID(8)), in: channel, commandID: "c-1")
            _ = try await store.append(to: first.chat, actor: .agent(AgentID(1)), kinds: [.accepted(agentNumber: 1)],
                commandID: nil, now: Self.t0)
            let next = try await Self.request(store, by: carla, in: channel, commandID: "c-3")
            #expect(next.chat.id != first.chat.id)
        }
    }

    @Test("of eight requests racing from eight tabs of one person, exactly one is recorded", arguments: StoreEngine.allCases)
    func racingTabs(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let channel = try await store.addChannel(name: "Support", group: "users", comment: "").id
            let visitor = Person.visitor(VisitorID("v-racer"))
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for tab in 0..<8 {
                    group.addTask { (try? await Self.request(store, by: visitor, in: channel, commandID: "tab-\(tab)")) != nil }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1, "\(outcomes)")
            #expect(try await store.chats(in: .request).count == 1)
        }
    }

    @Test("a visitor is recorded with their first request, found again by its command ID and address, and a new token works",
        arguments: StoreEngine.allCases)
    func firstRequest(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let channel = try await store.addChannel(name: "Support", group: "users", comment: "").id
            let visitor = VisitorID("v-1")
            let created = try await Self.request(store, by: .visitor(visitor), in: channel, commandID: "first-1",
                newVisitor: NewVisitor(id: visitor, tokenHash: "hash-1", name: "Jürgen", firstCommandID: "first-1",
                    clientAddress: "192.0.2.7"))
            #expect(try await store.visitor(tokenHash: "hash-1")?.name == "Jürgen")
            let found = try await store.visitorByFirstRequest(commandID: "first-1", clientAddress: "192.0.2.7",
                since: Self.t0.addingTimeInterval(-600))
            #expect(found?.visitor == visitor && found?.chat == created.chat.id)
            #expect(try await store.visitorByFirstRequest(commandID: "first-1", clientAddress: "198.51.100.1",
                since: Self.t0.addingTimeInterval(-600)) == nil, "another address is another visitor")
            #expect(try await store.visitorByFirstRequest(commandID: "first-1", clientAddress: "192.0.2.7",
                since: Self.t0.addingTimeInterval(1)) == nil, "too old to be a resend")
            try await store.replaceVisitorToken(visitor, tokenHash: "hash-2")
            #expect(try await store.visitor(tokenHash: "hash-1") == nil)
            #expect(try await store.visitor(tokenHash: "hash-2")?.id == visitor)
        }
    }

    @Test("agents' request filter, chat order and declined requests are stored per agent", arguments: StoreEngine.allCases)
    func preferences(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, harness in
            let channel = try await store.addChannel(name: "Support", group: "users", comment: "").id
            let anna = try await store.addAgent(NewAgent(login: "anna", firstName: "A", lastName: "A", email: "a@x", passwordHash: nil))
            let ben = try await store.addAgent(NewAgent(login: "ben", firstName: "B", lastName: "B", email: "b@x", passwordHash: nil))
            #expect(try await store.preferences(of: anna.id) == AgentPreferences())
            let chat = try await Self.request(store, by: .customer(CustomerUserID(1)), in: channel, commandID: nil).chat
            try await store.setPreference(.requestFilter, value: "Mine", for: anna.id)
            try await store.setPreference(.chatOrder, value: "Append", for: anna.id)
            try await store.setPreference(.chatOrder, value: "Prepend", for: anna.id)
            try await store.dismissRequest(chat.id, for: anna.id)
            try await store.dismissRequest(chat.id, for: anna.id)
            // a new store instance, as after a restart or on another node
            let reopened = try await harness.open()
            #expect(try await reopened.preferences(of: anna.id)
                == AgentPreferences(requestFilter: .mine, chatOrder: .prepend, dismissed: [chat.id]))
            #expect(try await reopened.preferences(of: ben.id) == AgentPreferences(), "only anna's")
            await reopened.close()
            // retention deletes the chat, and with it the declined mark
            _ = try await store.deleteExpiredChats(closedBefore: Self.t0, unclosedBefore: Self.t0.addingTimeInterval(1))
            #expect(try await store.preferences(of: anna.id).dismissed.isEmpty)
        }
    }
}
