import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// Abuse protection of new chat requests, in the database: the hourly limits per address and per visitor
/// trigger and release, blocked ranges and agents' blocks refuse, and nobody else is affected.
@Suite("Abuse protection", .timeLimit(.minutes(3)))
struct AbuseProtectionTests {
    static func service(_ store: SQLStore, clock: TestClock, _ overrides: String) async throws -> (ChatService, AgentID) {
        let service = try ServiceHarness.service(store, clock: clock, overrides: overrides)
        let olga = try await store.addAgent(NewAgent(login: "olga", firstName: "Olga", lastName: "Agent", email: "o@x",
            passwordHash: nil))
        for permission in [GroupPermission.ro, .chatOwner] { try await store.link(agent: olga.id, group: "users", permission: permission) }
        try await service.setAvailability(.external, for: olga.id)
        service.presence.input(.agent(olga.id), at: clock.now)
        return (service, olga.id)
    }

    /// One hourly limit on new chats: who is limited, and who is not.
    struct HourlyLimit: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var overrides: String
        var refusal: ChatRequestRefusal
        /// The limited sender's `n`-th request (requester and client address).
        var limited: @Sendable (Int) -> (Person?, String)
        /// The same sender another way, refused too (a token from that address; that token from elsewhere).
        var sameSenderOtherwise: (Person?, String)
        var unaffected: (Person?, String)
    }

    static let hourlyLimits = [
        HourlyLimit(testDescription: "per address", overrides: "$Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerIP'} = 2;",
            refusal: .tooManyFromAddress, limited: { _ in (nil, "192.0.2.1") },
            sameSenderOtherwise: (.visitor(VisitorID("v-1")), "192.0.2.1"), unaffected: (nil, "192.0.2.2")),
        HourlyLimit(testDescription: "per visitor token", overrides: """
                $Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerIP'} = 100;
                $Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerVisitor'} = 2;
                """,
            refusal: .tooManyFromRequester, limited: { (.visitor(VisitorID("vera")), "192.0.2.\($0 + 10)") },
            sameSenderOtherwise: (.visitor(VisitorID("vera")), "198.51.100.7"), unaffected: (.visitor(VisitorID("otto")), "192.0.2.10")),
    ]

    @Test("new chats per address and per visitor token: the limit triggers for that sender only, still holds half an hour later, releases after the hour",
        arguments: StoreEngine.allCases, hourlyLimits)
    func hourlyLimit(_ engine: StoreEngine, _ limit: HourlyLimit) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let clock = TestClock()
            let (service, _) = try await Self.service(store, clock: clock, limit.overrides)
            for index in 0..<2 {
                let (requester, address) = limit.limited(index)
                try await service.admitChatRequest(by: requester, clientAddress: address)
            }
            for (requester, address) in [limit.limited(2), limit.sameSenderOtherwise] {
                await #expect(throws: limit.refusal) { try await service.admitChatRequest(by: requester, clientAddress: address) }
            }
            try await service.admitChatRequest(by: limit.unaffected.0, clientAddress: limit.unaffected.1)
            clock.advance(1800)
            await #expect(throws: limit.refusal) {
                try await service.admitChatRequest(by: limit.limited(2).0, clientAddress: limit.limited(2).1)
            }
            clock.advance(1801)
            try await service.admitChatRequest(by: limit.limited(0).0, clientAddress: limit.limited(0).1)
        }
    }

    @Test("a refused request counts nothing, and parallel requests cannot slip past the limit", arguments: StoreEngine.allCases)
    func parallel(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let clock = TestClock()
            let (service, _) = try await Self.service(store, clock: clock,
                "$Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerIP'} = 5;")
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        do {
                            try await service.admitChatRequest(by: nil, clientAddress: "203.0.113.9")
                            return true
                        } catch is ChatRequestRefusal {
                            return false
                        }
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(admitted == 5)
            let rows = try await store.database.read("SELECT COUNT(*) AS n FROM ce_request_hit WHERE hit_key = ?",
                [.text("ip:203.0.113.9")])
            #expect(try rows.first?.int("n") == 5)
        }
    }

    @Test("BlockedIPRanges refuses IPv4 and IPv6 ranges (also IPv4-mapped), nothing else", arguments: StoreEngine.allCases)
    func blockedRanges(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let clock = TestClock()
            let (service, _) = try await Self.service(store, clock: clock,
                "$Self->{'ChatEngine::PublicInterface::BlockedIPRanges'} = ['192.0.2.0/24', '2001:db8::/32'];")
            for address in ["192.0.2.7", "::ffff:192.0.2.200", "2001:db8:1::5"] {
                await #expect(throws: ChatRequestRefusal.addressBlocked) {
                    try await service.admitChatRequest(by: nil, clientAddress: address)
                }
            }
            for address in ["192.0.3.1", "2001:db9::1", "198.51.100.1"] {
                try await service.admitChatRequest(by: nil, clientAddress: address)
            }
            let visitor = try await service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: "Hi",
                commandID: nil, clientAddress: "198.51.100.1")
            #expect(visitor.result.chat.state == .request)
        }
    }

    @Test("an agent in the chat blocks its visitor: the chat closes, token and address are refused until the block expires, others chat on",
        arguments: StoreEngine.allCases)
    func blockVisitor(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let clock = TestClock()
            let (service, olga) = try await Self.service(store, clock: clock,
                "$Self->{'ChatEngine::PublicInterface::BlockDuration'} = 600;")
            let spammer = try await service.requestChatAsNewVisitor(name: "Spam", channel: nil, firstMessage: "Buy now",
                commandID: nil, clientAddress: "192.0.2.66")
            let chat = spammer.result.chat.id
            let bystander = try await service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: "Hello",
                commandID: nil, clientAddress: "198.51.100.2")
            // not in the chat yet: no block
            await #expect(throws: ChatError.notInChat) { _ = try await service.blockVisitor(in: chat, by: olga, commandID: "b-0") }
            _ = try await service.accept(chat, by: .agent(olga), commandID: "a-1")
            let blocked = try await service.blockVisitor(in: chat, by: olga, commandID: "b-1")
            #expect(blocked.chat.state == .closed)
            #expect(blocked.events.map(\.kind) == [.closed], "closed with the ordinary text, no message about the block")
            let visitor = Person.visitor(spammer.visitor)
            await #expect(throws: ChatRequestRefusal.self) {
                try await service.admitChatRequest(by: visitor, clientAddress: "203.0.113.1")  // the token, elsewhere
            }
            await #expect(throws: ChatRequestRefusal.self) {
                try await service.admitChatRequest(by: nil, clientAddress: "192.0.2.66")  // a new token, same address
            }
            // other visitors are not affected
            try await service.admitChatRequest(by: .visitor(bystander.visitor), clientAddress: "198.51.100.2")
            try await service.admitChatRequest(by: nil, clientAddress: "198.51.100.3")
            _ = try await service.postMessage(bystander.result.chat.id, text: "Still here", visibility: .everyone,
                by: .visitor(bystander.visitor), commandID: "m-1")
            // blocking again (the closed chat) is allowed and changes nothing in the chat
            let again = try await service.blockVisitor(in: chat, by: olga, commandID: "b-2")
            #expect(again.events.isEmpty)
            clock.advance(601)
            try await service.admitChatRequest(by: visitor, clientAddress: "192.0.2.66")
            // the scheduler's clean-up: the expired blocks go, the counts of the last hour stay
            #expect(try await service.deleteExpiredAbuseRecords() == 2)
            await #expect(throws: ChatRequestRefusal.self) { _ = try await service.blockVisitor(in: chat, by: olga, commandID: "b-3")
                try await service.admitChatRequest(by: nil, clientAddress: "192.0.2.66") }
            clock.advance(3601)
            #expect(try await service.deleteExpiredAbuseRecords() >= 4, "a block and the hour's counts")
        }
    }

    @Test("only the chat's owner or participants block, and only visitors", arguments: StoreEngine.allCases)
    func blockAuthorization(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let clock = TestClock()
            let (service, olga) = try await Self.service(store, clock: clock, "")
            let pete = try await store.addAgent(NewAgent(login: "pete", firstName: "Pete", lastName: "Agent", email: "p@x",
                passwordHash: nil))
            for permission in [GroupPermission.ro, .chatOwner] { try await store.link(agent: pete.id, group: "users", permission: permission) }
            try await service.setAvailability(.external, for: pete.id)
            service.presence.input(.agent(pete.id), at: clock.now)
            let visitor = try await service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: "Hi",
                commandID: nil, clientAddress: "192.0.2.5")
            _ = try await service.accept(visitor.result.chat.id, by: .agent(olga), commandID: "a-1")
            await #expect(throws: ChatError.notInChat) {
                _ = try await service.blockVisitor(in: visitor.result.chat.id, by: pete.id, commandID: "b-1")
            }
            try await service.admitChatRequest(by: nil, clientAddress: "192.0.2.5")
            let internalChat = try await service.startChat(by: olga, with: .agent(login: "pete"), firstMessage: "Hi", commandID: "s-1")
            await #expect(throws: ChatError.invalidTarget("only a public visitor's chat can be blocked")) {
                _ = try await service.blockVisitor(in: internalChat.chat.id, by: olga, commandID: "b-2")
            }
        }
    }
}
