import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Synchronization
import Testing

/// Phone ticket and Append from a chat, on the embedded ticket store: the two transcript articles, the chat
/// linked and closed, the backend's failures leaving the chat open, retries writing nothing twice, and
/// retention keeping linked chats.
@Suite("Chats into tickets", .timeLimit(.minutes(5)))
struct ChatTicketTests {
    struct World {
        let store: SQLStore
        let engine: Engine
        let clock: TestClock
        let anna: AgentID
        let bert: AgentID
        let carla: CustomerUserID
        var service: ChatService { engine.chats }
    }

    static let internalNote = "Intern: Kundin ist VIP"

    /// Anna (rw and chat_owner on users: the queues Raw, Junk and Misc) staffs the default channel; Bert may
    /// only read tickets (ro); Carla is a customer user.
    static func world(_ store: SQLStore, backend: (any TicketBackend)? = nil, overrides: String = "") async throws -> World {
        let clock = TestClock()
        let settings = try ServiceHarness.settings(overrides)
        let engine = Engine(store: store, settings: { settings }, ticketBackend: backend, clock: { clock.now })
        func agent(_ login: String, _ permissions: [GroupPermission]) async throws -> AgentID {
            let agent = try await store.addAgent(NewAgent(login: login, firstName: login.capitalized, lastName: "Agent",
                email: "\(login)@example.com", passwordHash: nil))
            for permission in permissions { try await store.link(agent: agent.id, group: "users", permission: permission) }
            return agent.id
        }
        let anna = try await agent("anna", [.rw, .chatOwner])
        let bert = try await agent("bert", [.ro, .chatOwner])
        try await store.addCustomerCompany(id: "ACME", name: "Acme")
        let carla = try await store.addCustomerUser(NewCustomerUser(login: "carla", customerID: "ACME", email: "carla@example.com",
            firstName: "Carla", lastName: "Kunde", passwordHash: nil))
        try await engine.chats.setAvailability(.external, for: anna)
        engine.chats.presence.input(.agent(anna), at: clock.now)
        return World(store: store, engine: engine, clock: clock, anna: anna, bert: bert, carla: carla.id)
    }

    /// Carla's chat, accepted by `agent`, with a reply and an internal note.
    static func customerChat(_ w: World, by agent: AgentID? = nil, first: String = "Drucker kaputt\nSeit gestern") async throws
        -> ChatID
    {
        let agent = agent ?? w.anna
        let chat = try await w.service.requestChat(by: .customer(w.carla), channel: nil, firstMessage: first, commandID: nil).chat.id
        _ = try await w.service.accept(chat, by: .agent(agent))
        _ = try await w.service.postMessage(chat, text: "Welches Modell?", by: .agent(agent), commandID: nil)
        _ = try await w.service.postMessage(chat, text: internalNote, visibility: .agents, by: .agent(agent), commandID: nil)
        return chat
    }

    static func request(_ form: Tickets.PhoneTicketForm, queue: String = "Misc") -> Tickets.PhoneTicketRequest {
        Tickets.PhoneTicketRequest(title: form.title, queue: queue, state: form.options.defaultState,
            priority: form.options.defaultPriority, customerUser: form.customerUser)
    }

    @Test("a phone ticket from a customer user's chat: two articles, the chat linked and closed, told to everyone",
        arguments: StoreEngine.allCases)
    func phoneTicket(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await Self.world(store)
            let chat = try await Self.customerChat(w)
            let form = try await w.engine.tickets.phoneTicketForm(chat, by: w.anna)
            #expect(form.title == "Drucker kaputt")
            #expect(form.customerUser == "carla" && form.customerID == "ACME" && form.isCustomerUser)
            #expect(Set(form.options.queues.map(\.name)).isSuperset(of: ["Raw", "Junk", "Misc"]))
            #expect(form.options.states.contains(form.options.defaultState) && form.options.defaultPriority == "3 normal")

            let outcome = try await w.engine.tickets.createPhoneTicket(from: chat, Self.request(form), by: w.anna, commandID: "pt-1")
            #expect(outcome.link == .agentTicketZoom(outcome.ticket.id))
            #expect(outcome.ticket.number.count >= 14 && outcome.ticket.number.allSatisfy(\.isNumber))
            #expect(outcome.chat.events.map(\.kind) == [
                .ticketLinked(ticket: outcome.ticket.id, number: outcome.ticket.number, how: .created), .closed,
            ])
            let stored = try #require(try await store.chat(id: chat))
            #expect(stored.state == .closed && stored.ticketID == outcome.ticket.id.rawValue)

            let zoom = try #require(try await w.engine.tickets.zoom(outcome.ticket.id, by: w.anna))
            #expect(zoom.ticket.queue == "Misc" && zoom.ticket.customerUser == "carla" && zoom.ticket.owner == "anna")
            #expect(zoom.articles.map(\.channel) == [.phone, .internal])
            #expect(zoom.articles.map(\.isVisibleForCustomer) == [true, false])
            #expect(zoom.articles.allSatisfy { $0.senderType == .agent && $0.chat == chat && $0.transcript != nil })
            let (customerView, fullLog) = (zoom.articles[0], zoom.articles[1])
            #expect(!customerView.body.contains(Self.internalNote) && customerView.body.contains("Welches Modell?"))
            #expect(customerView.transcript?.audience == .customer)
            #expect(fullLog.body.contains("[internal]") && fullLog.body.contains(Self.internalNote))
            #expect(fullLog.transcript?.entries.contains { $0.isInternal && $0.text == Self.internalNote } == true)

            // Carla sees the ticket with the customer's article only, and was told the number in the chat
            let customerZoom = try #require(try await w.engine.tickets.customerZoom(outcome.ticket.id, by: w.carla))
            #expect(customerZoom.articles.map(\.id) == [customerView.id])
            #expect(customerView.from == "Anna Agent" && customerZoom.articles[0].from == w.service.settings.defaultAgentName)
            #expect(!w.service.settings.defaultAgentName.isEmpty)
            let (_, events) = try await w.service.history(chat, after: 0, for: .customer(w.carla), limit: 100)
            #expect(events.contains { $0.kind == .system && $0.text.contains("ticket #\(outcome.ticket.number)") })
        }
    }

    @Test("a resent phone ticket returns the first ticket; a chat already saved makes no second ticket",
        arguments: StoreEngine.allCases)
    func retries(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await Self.world(store)
            let chat = try await Self.customerChat(w)
            let form = try await w.engine.tickets.phoneTicketForm(chat, by: w.anna)
            let first = try await w.engine.tickets.createPhoneTicket(from: chat, Self.request(form), by: w.anna, commandID: "pt-1")
            let again = try await w.engine.tickets.createPhoneTicket(from: chat, Self.request(form), by: w.anna, commandID: "pt-1")
            #expect(again.ticket == first.ticket && again.chat.duplicateOf != nil)
            await #expect(throws: ChatError.chatClosed) {
                _ = try await w.engine.tickets.createPhoneTicket(from: chat, Self.request(form), by: w.anna, commandID: "pt-2")
            }
            #expect(try await w.engine.tickets.search("", by: w.anna).map(\.ref) == [first.ticket])
            #expect(try await w.engine.tickets.zoom(first.ticket.id, by: w.anna)?.articles.count == 2)
        }
    }

    @Test("the backend's error leaves the chat open; a retry after a lost answer writes no second ticket",
        arguments: StoreEngine.allCases)
    func backendFailures(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let flaky = FlakyBackend(EmbeddedTicketBackend(store: store))
            let w = try await Self.world(store, backend: flaky)
            let chat = try await Self.customerChat(w)
            let form = try await w.engine.tickets.phoneTicketForm(chat, by: w.anna)

            flaky.mode.withLock { $0 = .refuseBefore }
            await #expect(throws: EngineError.refused("ticket system: queue Misc is full")) {
                _ = try await w.engine.tickets.createPhoneTicket(from: chat, Self.request(form), by: w.anna, commandID: "pt-1")
            }
            #expect(try await store.chat(id: chat)?.state == .active)
            #expect(try await w.engine.tickets.search("", by: w.anna).isEmpty)

            // written, but the answer is lost (a timeout): the chat stays open; the retry gets the same ticket
            flaky.mode.withLock { $0 = .loseAnswer }
            await #expect(throws: EngineError.unavailable("ticket system: timed out")) {
                _ = try await w.engine.tickets.createPhoneTicket(from: chat, Self.request(form), by: w.anna, commandID: "pt-2")
            }
            #expect(try await store.chat(id: chat)?.state == .active)
            flaky.mode.withLock { $0 = .pass }
            let outcome = try await w.engine.tickets.createPhoneTicket(from: chat, Self.request(form), by: w.anna, commandID: "pt-3")
            #expect(try await w.engine.tickets.search("", by: w.anna).map(\.ref) == [outcome.ticket])
            #expect(try await w.engine.tickets.zoom(outcome.ticket.id, by: w.anna)?.articles.count == 2)
            #expect(try await store.chat(id: chat)?.state == .closed)
        }
    }

    @Test("append: only to tickets the agent may write to; the articles follow the first ones", arguments: StoreEngine.allCases)
    func append(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await Self.world(store)
            let firstChat = try await Self.customerChat(w)
            let form = try await w.engine.tickets.phoneTicketForm(firstChat, by: w.anna)
            let ticket = try await w.engine.tickets.createPhoneTicket(from: firstChat, Self.request(form), by: w.anna,
                commandID: "pt-1").ticket

            // Bert (ro only) takes Carla's next chat: he finds nothing to write to and may not append
            try await w.service.setAvailability(.external, for: w.bert)
            let bertsChat = try await Self.customerChat(w, by: w.bert, first: "Noch eine Frage")
            #expect(try await w.engine.tickets.search(ticket.number, by: w.bert, writableOnly: true).isEmpty)
            #expect(try await w.engine.tickets.search(ticket.number, by: w.bert).map(\.ref) == [ticket])
            await #expect(throws: (any Error).self) {
                _ = try await w.engine.tickets.appendChat(bertsChat, to: ticket.id, by: w.bert, commandID: "ap-b")
            }
            #expect(try await store.chat(id: bertsChat)?.state == .active)
            _ = try await w.service.close(bertsChat, by: .agent(w.bert))

            let second = try await Self.customerChat(w, first: "Nachtrag 4712")

            #expect(try await w.engine.tickets.search(ticket.number, by: w.anna, writableOnly: true).map(\.ref) == [ticket])
            let outcome = try await w.engine.tickets.appendChat(second, to: ticket.id, by: w.anna, commandID: "ap-1")
            #expect(outcome.ticket == ticket)
            #expect(outcome.chat.events.first?.kind == .ticketLinked(ticket: ticket.id, number: ticket.number, how: .appended))
            let zoom = try #require(try await w.engine.tickets.zoom(ticket.id, by: w.anna))
            #expect(zoom.articles.map(\.chat) == [firstChat, firstChat, second, second])
            #expect(try await w.engine.tickets.customerZoom(ticket.id, by: w.carla)?.articles.count == 2)
        }
    }

    @Test("a visitor becomes the ticket's customer by name and e-mail; a wrong e-mail is refused", arguments: [StoreEngine.sqlite])
    func visitor(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await Self.world(store, overrides: "$Self->{'ChatEngine::PublicInterface::AvailabilityCheck'} = 0;")
            let created = try await w.service.requestChatAsNewVisitor(name: "Vera \"V\" Besucherin", channel: nil,
                firstMessage: "Hallo", commandID: "v-1", clientAddress: "192.0.2.7")
            let chat = created.result.chat.id
            _ = try await w.service.accept(chat, by: .agent(w.anna))
            let form = try await w.engine.tickets.phoneTicketForm(chat, by: w.anna)
            #expect(form.customerUser == "Vera \"V\" Besucherin" && !form.isCustomerUser && form.customerID.isEmpty)
            var request = Self.request(form)
            request.email = "vera@@example"
            await #expect(throws: EngineError.refused("'vera@@example' is not an e-mail address")) {
                _ = try await w.engine.tickets.createPhoneTicket(from: chat, request, by: w.anna, commandID: "pt-1")
            }
            request.email = "vera@example.com"
            let outcome = try await w.engine.tickets.createPhoneTicket(from: chat, request, by: w.anna, commandID: "pt-2")
            let ticket = try #require(try await w.engine.tickets.zoom(outcome.ticket.id, by: w.anna)).ticket
            #expect(ticket.customerUser == "\"Vera V Besucherin\" <vera@example.com>" && ticket.customerID == "vera@example.com")
        }
    }

    @Test("a visitor naming himself after a customer user's login gets no ticket among that customer's")
    func visitorNamedLikeACustomer() async throws {
        try await StoreHarness.with(.sqlite) { store, _ in
            let w = try await Self.world(store, overrides: "$Self->{'ChatEngine::PublicInterface::AvailabilityCheck'} = 0;")
            let chat = try await w.service.requestChatAsNewVisitor(name: "carla", channel: nil, firstMessage: "Hallo",
                commandID: "v-1", clientAddress: "192.0.2.7").result.chat.id
            _ = try await w.service.accept(chat, by: .agent(w.anna))
            let form = try await w.engine.tickets.phoneTicketForm(chat, by: w.anna)
            let outcome = try await w.engine.tickets.createPhoneTicket(from: chat, Self.request(form), by: w.anna, commandID: "pt")
            let ticket = try #require(try await w.engine.tickets.zoom(outcome.ticket.id, by: w.anna)).ticket
            #expect(ticket.customerUser == "\"carla\"" && ticket.customerID.isEmpty)
            #expect(try await w.engine.tickets.customerTickets(of: w.carla).isEmpty)
        }
    }

    @Test("messages written while the ticket is being written follow through the outbox", arguments: StoreEngine.allCases)
    func lateMessages(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let chatty = ChattyBackend(EmbeddedTicketBackend(store: store))
            let w = try await Self.world(store, backend: chatty)
            let chat = try await Self.customerChat(w)
            chatty.meanwhile.withLock { [service = w.service, carla = w.carla] in
                $0 = { _ = try await service.postMessage(chat, text: "Noch etwas: es piept auch", by: .customer(carla), commandID: nil) }
            }
            let form = try await w.engine.tickets.phoneTicketForm(chat, by: w.anna)
            let outcome = try await w.engine.tickets.createPhoneTicket(from: chat, Self.request(form), by: w.anna, commandID: "pt")
            #expect(try await w.engine.tickets.zoom(outcome.ticket.id, by: w.anna)?.articles.count == 2)
            #expect(try await w.engine.outbox.workDue().done == 1)
            let articles = try #require(try await w.engine.tickets.zoom(outcome.ticket.id, by: w.anna)?.articles)
            #expect(articles.map(\.channel) == [.phone, .internal, .phone, .internal])
            #expect(articles[2].body.contains("Noch etwas: es piept auch") && articles[2].subject.contains("(continued)"))
            #expect(!articles[0].body.contains("Noch etwas"))
        }
    }

    @Test("retention never removes a chat linked to a ticket", arguments: StoreEngine.allCases)
    func retentionKeepsLinkedChats(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await Self.world(store, overrides: "$Self->{'ChatEngine::ChatTTL'} = 1;")
            let linked = try await Self.customerChat(w)
            let form = try await w.engine.tickets.phoneTicketForm(linked, by: w.anna)
            _ = try await w.engine.tickets.createPhoneTicket(from: linked, Self.request(form), by: w.anna, commandID: "pt-1")
            let plain = try await Self.customerChat(w, first: "Nur eine Frage")
            _ = try await w.service.close(plain, by: .agent(w.anna))
            w.clock.advance(2 * 3600)
            #expect(try await Retention.run(store: store, settings: w.service.settings, now: w.clock.now) == 1)
            #expect(try await store.chat(id: plain) == nil)
            #expect(try await store.chat(id: linked)?.ticketID != nil)
        }
    }
}

/// A ticket system that takes its time: the customer writes one more message while the ticket is written.
final class ChattyBackend: ForwardingTicketBackend {
    let inner: any TicketBackend
    let meanwhile = Mutex<(@Sendable () async throws -> Void)?>(nil)

    init(_ inner: EmbeddedTicketBackend) { self.inner = inner }

    func createTicket(_ ticket: NewTicket, articles: [NewArticle], by agent: TicketAgent, idempotencyKey: String) async throws
        -> TicketRef
    {
        if let meanwhile = meanwhile.withLock({ $0 }) { try await meanwhile() }
        return try await inner.createTicket(ticket, articles: articles, by: agent, idempotencyKey: idempotencyKey)
    }
}

/// The embedded backend with failures a remote ticket system has: refusing before writing, or writing and
/// then losing the answer (a timeout).
final class FlakyBackend: ForwardingTicketBackend {
    enum Mode { case pass, refuseBefore, loseAnswer }
    let inner: any TicketBackend
    let mode = Mutex(Mode.pass)

    init(_ inner: EmbeddedTicketBackend) { self.inner = inner }

    private func around(_ queue: String, _ write: () async throws -> TicketRef) async throws -> TicketRef {
        switch mode.withLock({ $0 }) {
        case .pass: return try await write()
        case .refuseBefore: throw EngineError.refused("ticket system: queue \(queue) is full")
        case .loseAnswer:
            _ = try await write()
            throw EngineError.unavailable("ticket system: timed out")
        }
    }

    func createTicket(_ ticket: NewTicket, articles: [NewArticle], by agent: TicketAgent, idempotencyKey: String) async throws
        -> TicketRef
    {
        try await around(ticket.queue) {
            try await inner.createTicket(ticket, articles: articles, by: agent, idempotencyKey: idempotencyKey)
        }
    }

    func addArticles(_ articles: [NewArticle], to ticket: TicketID, by agent: TicketAgent, idempotencyKey: String) async throws
        -> TicketRef
    {
        try await around("?") { try await inner.addArticles(articles, to: ticket, by: agent, idempotencyKey: idempotencyKey) }
    }
}
