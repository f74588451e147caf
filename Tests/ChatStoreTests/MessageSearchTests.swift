import ChatCore
@testable import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// The closed-chat search (issue 11): message text only, case folded for all of Unicode, from an index,
/// the same on both engines.
@Suite("Closed-chat search on SQLite and PostgreSQL", .timeLimit(.minutes(5)))
struct MessageSearchTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let agent = Person.agent(AgentID(1))

    /// A closed chat of `requester` with `texts` (a leading "!" makes a message internal).
    static func closedChat(_ store: SQLStore, _ requester: Person, _ texts: [String], at offset: Double) async throws -> ChatID {
        var channel = try await store.channels().first
        if channel == nil { channel = try await store.addChannel(name: "Support", group: "users", comment: "") }
        guard let channel else { throw StoreError.notFound("channel") }
        let messages = texts.map { text in
            text.hasPrefix("!") ? ChatEventKind.message(text: String(text.dropFirst()), visibility: .agents)
                : .message(text: text, visibility: .everyone)
        }
        var result = try await store.createChat(actor: requester,
            kinds: [.created(channel: channel.id, target: .channel)], commandID: nil, now: t0.addingTimeInterval(offset))
        result = try await store.append(to: result.chat, actor: agent, kinds: [.accepted(agentNumber: 1)] + messages + [.closed],
            commandID: nil, now: t0.addingTimeInterval(offset))
        return result.chat.id
    }

    /// Zoë, a customer user of Acme.
    static func customer(_ store: SQLStore, lastName: String) async throws -> Person {
        try await store.addCustomerCompany(id: "ACME", name: "Acme")
        return .customer(try await store.addCustomerUser(NewCustomerUser(login: "zoe", customerID: "ACME", email: "z@a",
            firstName: "Zoë", lastName: lastName, passwordHash: nil)).id)
    }

    @Test("Unicode case folding, message text only, wildcards literal, internal messages hidden from customers",
        arguments: StoreEngine.allCases)
    func search(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let customer = try await Self.customer(store, lastName: "Q")
            let street = try await Self.closedChat(store, customer, ["Die Straße ist gesperrt", "ΟΔΟΣ κλειστή"], at: 0)
            let russian = try await Self.closedChat(store, customer, ["ПРИВЕТ, мир", "100% sicher, snake_case \"quoted\""], at: 10)
            let secret = try await Self.closedChat(store, customer, ["Hallo", "!FRAUD suspected, ÄRGER"], at: 20)
            func found(_ term: String, as person: Person = Self.agent) async throws -> Set<ChatID> {
                Set(try await store.closedChats(of: person, search: term, limit: 50).map(\.id))
            }
            #expect(try await found("STRASSE") == [street], "ß folds to ss")
            #expect(try await found("straße") == [street])
            #expect(try await found("οδος") == [street], "final sigma folds with sigma")
            #expect(try await found("привет") == [russian])
            #expect(try await found("ärger") == [secret])
            #expect(try await found("sicher") == [russian])
            #expect(try await found("everyone").isEmpty, "the stored JSON around the text is not searched")
            #expect(try await found("visibility").isEmpty)
            #expect(try await found("%") == [russian], "% is literal")
            #expect(try await found("e_c") == [russian], "_ is literal")
            #expect(try await found("\"quoted\"") == [russian], "quotes in the term")
            #expect(try await found("ss") == [street], "a term shorter than a trigram")
            #expect(try await found("fraud") == [secret], "agents find internal messages")
            #expect(try await found("fraud", as: customer).isEmpty, "customers never find a chat by an internal message")
            #expect(try await found("hallo", as: customer) == [secret])

            // retention removes the search rows with the chat
            #expect(try await store.deleteExpiredChats(closedBefore: Self.t0.addingTimeInterval(5), unclosedBefore: Self.t0) == 1)
            #expect(try await found("straße").isEmpty)
            let left = try await store.database.read("SELECT COUNT(*) AS n FROM ce_message_search WHERE chat_id = ?",
                [.int(street.rawValue)])
            #expect(try left.first?.int("n") == 0)
        }
    }

    @Test("the migration fills the index from messages already in the log", arguments: StoreEngine.allCases)
    func backfill(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let visitor = Person.visitor(VisitorID("v-1"))
            let chat = try await Self.closedChat(store, visitor, ["Bestellung Nr. 4711 fehlt", "!intern ÜBERPRÜFEN"], at: 0)
            // back to the schema before migration 5: no search table, its rows gone
            _ = try await store.database.write { sql in
                try await sql.execute("DROP TABLE ce_message_search")
                try await sql.execute("DROP INDEX ce_chat_by_closed")
                try await sql.execute("DELETE FROM ce_schema_version WHERE version IN (5, 6)")
            }
            #expect(try await Migrations.migrate(store.database) == [5, 6], "the later migrations stay applied")
            #expect(try await store.closedChats(of: Self.agent, search: "BESTELLUNG", limit: 5).map(\.id) == [chat])
            #expect(try await store.closedChats(of: Self.agent, search: "überprüfen", limit: 5).map(\.id) == [chat])
            #expect(try await store.closedChats(of: visitor, search: "überprüfen", limit: 5).isEmpty)
        }
    }

    @Test("a term in many messages is searched chat by chat, newest first, with the same rules", arguments: StoreEngine.allCases)
    func commonTerm(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let customer = try await Self.customer(store, lastName: "Quinn")
            // more messages than `commonTermMessages` contain "alpha"
            let perChat = MessageSearch.commonTermMessages / 20 + 1
            var chats: [ChatID] = []
            for n in 0..<21 {
                let texts = (0..<perChat).map { "Lorem ALPHA \(n) ipsum \($0)" }
                chats.append(try await Self.closedChat(store, customer, texts, at: Double(n) * 10))
            }
            let internalOnly = try await Self.closedChat(store, customer, ["Hello", "!alpha, agents only"], at: 1000)
            let term = MessageSearch.Term("Alpha", dialect: store.database.dialect, includingInternal: false)
            #expect(try await term.rareMatches(in: store.database) == nil)
            func found(_ term: String, as person: Person = Self.agent, limit: Int = 5) async throws -> [ChatID] {
                try await store.closedChats(of: person, search: term, limit: limit).map(\.id)
            }
            #expect(try await found("alpha") == [internalOnly] + chats.suffix(4).reversed(), "newest first, internal for agents")
            #expect(try await found("alpha", as: customer) == Array(chats.suffix(5).reversed()), "never by an internal message")
            #expect(try await found("alpha 3 ipsum", limit: 50) == [chats[3]], "a rare phrase of common words")
            #expect(try await found("QUINN", limit: 50) == [internalOnly] + chats.reversed(), "by the requester's name")
            #expect(try await found("nobody", limit: 50).isEmpty)
            #expect(try await found("", limit: 3) == [internalOnly, chats[20], chats[19]], "no search: the latest")
        }
    }
}
