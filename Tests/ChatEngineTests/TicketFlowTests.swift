import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// Chats that start from a ticket, on the embedded ticket store: the offer in the agent's and the customer
/// user's ticket zoom as `Ticket::*::StartChatFromTicket###*` decide, the chat linked from its first event,
/// and its log appended to the ticket through the outbox when it ends (once, also after a hand-made Append).
@Suite("Chats from tickets", .timeLimit(.minutes(5)))
struct TicketFlowTests {
    typealias World = ChatTicketTests.World

    /// Carla's ticket in Misc, made by Anna.
    static func carlasTicket(_ w: World) async throws -> TicketRef {
        let anna = try await w.engine.tickets.ticketAgent(w.anna)
        return try await w.engine.tickets.backend.createTicket(
            NewTicket(title: "Drucker kaputt", queue: "Misc", state: "open", priority: "3 normal", customerUser: "carla",
                customerID: "ACME"),
            articles: [NewArticle(senderType: .customer, channel: .phone, isVisibleForCustomer: true, subject: "Drucker",
                body: "Er druckt nicht.")],
            by: anna, idempotencyKey: "test-ticket-\(UUID().uuidString)")
    }

    static func isFromTicket(_ kind: ChatEventKind, _ ticket: TicketRef) -> Bool {
        kind == .ticketLinked(ticket: ticket.id, number: ticket.number, how: .fromTicket)
    }

    @Test("the agent's chat from a ticket: offered only while the customer user is online, linked from the start, its log appended when it closes", arguments: StoreEngine.allCases)
    func agentFromTicket(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await ChatTicketTests.world(store)
            let ticket = try await Self.carlasTicket(w)
            let tickets = w.engine.tickets

            let offline = try #require(try await tickets.agentChatOffer(ticket.id, by: w.anna))
            #expect(offline.refusal == .invalidTarget("the ticket's customer user is not online"))
            await #expect(throws: ChatError.invalidTarget("the ticket's customer user is not online")) {
                _ = try await tickets.startChat(fromTicket: ticket.id, by: w.anna, firstMessage: "Hallo", commandID: nil)
            }

            w.service.presence.input(.customer(w.carla), at: w.clock.now)
            let offer = try #require(try await tickets.agentChatOffer(ticket.id, by: w.anna))
            #expect(offer.isOffered && offer.customerLogin == "carla")
            let started = try await tickets.startChat(fromTicket: ticket.id, by: w.anna, firstMessage: "Hallo Carla", commandID: "c1")
            let chat = started.chat.id
            #expect(started.chat.ticketID == ticket.id.rawValue && started.chat.state == .request)
            #expect(started.events.contains { Self.isFromTicket($0.kind, ticket) })
            let (_, shown) = try await w.service.history(chat, after: 0, for: .customer(w.carla), limit: 100)
            #expect(shown.contains { $0.kind == .system && $0.text == "This chat is about ticket #\(ticket.number)." })

            _ = try await w.service.accept(chat, by: .customer(w.carla))
            _ = try await w.service.postMessage(chat, text: "Das Modell ist ein LaserJet 😀", by: .customer(w.carla), commandID: nil)
            _ = try await w.service.postMessage(chat, text: ChatTicketTests.internalNote, visibility: .agents, by: .agent(w.anna),
                commandID: nil)
            #expect(try await tickets.zoom(ticket.id, by: w.anna)?.articles.count == 1)
            _ = try await w.service.close(chat, by: .agent(w.anna))

            #expect(try await w.engine.outbox.workDue().done == 1)
            let zoom = try #require(try await tickets.zoom(ticket.id, by: w.anna))
            #expect(zoom.articles.count == 3)
            let (customerView, fullLog) = (zoom.articles[1], zoom.articles[2])
            #expect(customerView.chat == chat && customerView.isVisibleForCustomer && customerView.from == "Anna Agent")
            #expect(customerView.body.contains("LaserJet 😀") && !customerView.body.contains(ChatTicketTests.internalNote))
            #expect(!fullLog.isVisibleForCustomer && fullLog.body.contains(ChatTicketTests.internalNote))
            // closing again, or another close path, queues nothing more
            #expect(try await w.engine.outbox.workDue().done == 0)
            #expect(try await store.chat(id: chat)?.ticketID == ticket.id.rawValue)
        }
    }

    @Test("PermissionLevel rw refuses the chat from a ticket to an agent who may only read it; an agent not available externally is not offered it",
        arguments: StoreEngine.allCases)
    func agentRefusals(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let strict = """
                $Self->{'Ticket::Agent::StartChatFromTicket'}->{'PermissionLevel'} = 'rw';
                """
            let w = try await ChatTicketTests.world(store, overrides: strict)
            let ticket = try await Self.carlasTicket(w)
            w.service.presence.input(.customer(w.carla), at: w.clock.now)
            #expect(try await w.engine.tickets.agentChatOffer(ticket.id, by: w.anna)?.isOffered == true)
            // Bert reads Misc but may not write to it
            #expect(try await w.engine.tickets.agentChatOffer(ticket.id, by: w.bert)?.refusal
                == .notPermitted("you need write permission on this ticket"))
            await #expect(throws: ChatError.notPermitted("you need write permission on this ticket")) {
                _ = try await w.engine.tickets.startChat(fromTicket: ticket.id, by: w.bert, firstMessage: "Hallo", commandID: nil)
            }
            // Anna switched to internal chats only: not offered (the chat rules would refuse her request), then again
            try await w.service.setAvailability(.internal, for: w.anna)
            let unavailable = ChatError.notPermitted("you are internal for chats; set yourself available for external chats first")
            #expect(try await w.engine.tickets.agentChatOffer(ticket.id, by: w.anna)?.refusal == unavailable)
            await #expect(throws: unavailable) {
                _ = try await w.engine.tickets.startChat(fromTicket: ticket.id, by: w.anna, firstMessage: "Hallo", commandID: nil)
            }
            try await w.service.setAvailability(.external, for: w.anna)
            #expect(try await w.engine.tickets.agentChatOffer(ticket.id, by: w.anna)?.isOffered == true)
        }
    }

    @Test("the customer user's chat about a ticket: offered when agents are available, linked from the start, appended as its agent", arguments: StoreEngine.allCases)
    func customerFromTicket(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await ChatTicketTests.world(store)
            let ticket = try await Self.carlasTicket(w)
            let tickets = w.engine.tickets
            try await w.service.setAvailability(.unavailable, for: w.anna)
            #expect(try await tickets.customerChatOffer(ticket.id, by: w.carla)?.refusal
                == .notPermitted("no agent is available right now"))
            try await w.service.setAvailability(.external, for: w.anna)
            #expect(try await tickets.customerChatOffer(ticket.id, by: w.carla)?.isOffered == true)

            // someone else's ticket reads as none
            let dora = try await store.addCustomerUser(NewCustomerUser(login: "dora", customerID: "ACME", email: "dora@example.com",
                firstName: "Dora", lastName: "Kunde", passwordHash: nil))
            #expect(try await tickets.customerChatOffer(ticket.id, by: dora.id) == nil)
            await #expect(throws: EngineError.notFound("ticket \(ticket.id.rawValue)")) {
                _ = try await tickets.requestChat(aboutTicket: ticket.id, by: dora.id, firstMessage: "Hallo", commandID: nil)
            }

            let requested = try await tickets.requestChat(aboutTicket: ticket.id, by: w.carla, firstMessage: "Gibt es Neues?",
                commandID: "r1")
            let chat = requested.chat.id
            #expect(requested.chat.ticketID == ticket.id.rawValue && requested.events.contains { Self.isFromTicket($0.kind, ticket) })
            _ = try await w.service.accept(chat, by: .agent(w.anna))
            _ = try await w.service.postMessage(chat, text: "Der Techniker kommt morgen.", by: .agent(w.anna), commandID: nil)
            // the customer leaving closes the chat
            _ = try await w.service.leave(chat, by: .customer(w.carla))
            #expect(try await store.chat(id: chat)?.state == .closed)
            #expect(try await w.engine.outbox.workDue().done == 1)
            let zoom = try #require(try await tickets.zoom(ticket.id, by: w.anna))
            #expect(zoom.articles.count == 3 && zoom.articles[1].body.contains("Der Techniker kommt morgen."))
            #expect(zoom.articles.dropFirst().allSatisfy { $0.from == "Anna Agent" && $0.chat == chat })
            let customerZoom = try #require(try await tickets.customerZoom(ticket.id, by: w.carla))
            #expect(customerZoom.articles.count == 2)
        }
    }

    @Test("a chat from a ticket appended by hand to the same ticket before it closed goes there once",
        arguments: StoreEngine.allCases)
    func handAppendOnce(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await ChatTicketTests.world(store)
            let ticket = try await Self.carlasTicket(w)
            w.service.presence.input(.customer(w.carla), at: w.clock.now)
            let chat = try await w.engine.tickets.startChat(fromTicket: ticket.id, by: w.anna, firstMessage: "Hallo", commandID: nil)
                .chat.id
            _ = try await w.service.accept(chat, by: .customer(w.carla))
            let form = try await w.engine.tickets.phoneTicketForm(chat, by: w.anna)
            await #expect(throws: ChatError.notPermitted("this chat is about a ticket already; append it there")) {
                _ = try await w.engine.tickets.createPhoneTicket(from: chat, ChatTicketTests.request(form), by: w.anna, commandID: "p1")
            }
            #expect(try await w.engine.tickets.search("", by: w.anna).count == 1, "no second ticket written")
            let outcome = try await w.engine.tickets.appendChat(chat, to: ticket.id, by: w.anna, commandID: "a1")
            #expect(outcome.chat.chat.state == .closed)
            _ = try await w.engine.outbox.workDue()
            #expect(try await w.engine.tickets.zoom(ticket.id, by: w.anna)?.articles.count == 3)
        }
    }
}

/// OTRS 7's "create a ticket from this conversation", for the customer user after the chat closed.
@Suite("Tickets from closed chats", .timeLimit(.minutes(5)))
struct CustomerTicketFromChatTests {
    @Test("the customer user makes a ticket of her closed chat: hers, in the setting's queue, two articles, once",
        arguments: StoreEngine.allCases)
    func create(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await ChatTicketTests.world(store, overrides: "$Self->{'ChatEngine::TicketFromChat::Queue'} = 'Misc';")
            let chat = try await ChatTicketTests.customerChat(w)
            let tickets = w.engine.tickets
            #expect(try await tickets.mayCreateTicket(from: chat, by: w.carla) == false, "still open")
            await #expect(throws: ChatError.notPermitted("the chat is still open")) {
                _ = try await tickets.createTicket(fromChat: chat, by: w.carla, commandID: nil)
            }
            _ = try await w.service.close(chat, by: .agent(w.anna))
            #expect(try await tickets.mayCreateTicket(from: chat, by: w.carla))

            let ref = try await tickets.createTicket(fromChat: chat, by: w.carla, commandID: "t1")
            #expect(try await tickets.createTicket(fromChat: chat, by: w.carla, commandID: "t2") == ref, "once per chat")
            #expect(try await tickets.mayCreateTicket(from: chat, by: w.carla) == false)
            #expect(try await store.chat(id: chat)?.ticketID == ref.id.rawValue)
            let (_, shown) = try await w.service.history(chat, after: 0, for: .customer(w.carla), limit: 100)
            #expect(shown.contains { $0.kind == .system && $0.text.contains("created ticket #\(ref.number)") })

            let mine = try #require(try await tickets.customerZoom(ref.id, by: w.carla))
            #expect(mine.ticket.queue == "Misc" && mine.ticket.state == "new" && mine.ticket.customerUser == "carla")
            #expect(mine.ticket.customerID == "ACME" && mine.ticket.title == "Drucker kaputt")
            #expect(mine.articles.count == 1 && !mine.articles[0].body.contains(ChatTicketTests.internalNote))
            let agents = try #require(try await tickets.zoom(ref.id, by: w.anna))
            #expect(agents.articles.count == 2 && agents.articles[1].body.contains(ChatTicketTests.internalNote))
            #expect(try await tickets.customerTickets(of: w.carla).map(\.ref) == [ref])
        }
    }

    @Test("a chat no agent ever took becomes her ticket too, written as TicketFromChat::Owner, the articles hers",
        arguments: StoreEngine.allCases)
    func unanswered(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await ChatTicketTests.world(store, overrides: """
                $Self->{'ChatEngine::TicketFromChat::Owner'} = 'anna';
                $Self->{'ChatEngine::TicketFromChat::Queue'} = 'Misc';
                """)
            let tickets = w.engine.tickets
            let unanswered = try await w.service.requestChat(by: .customer(w.carla), channel: nil, firstMessage: "Hallo? Niemand da?",
                commandID: nil).chat.id
            #expect(try await tickets.mayCreateTicket(from: unanswered, by: w.carla) == false, "still waiting")
            _ = try await w.service.leave(unanswered, by: .customer(w.carla))
            #expect(try await store.chat(id: unanswered)?.state == .closed)
            #expect(try await tickets.mayCreateTicket(from: unanswered, by: w.carla))
            let ref = try await tickets.createTicket(fromChat: unanswered, by: w.carla, commandID: "u1")
            #expect(try await tickets.createTicket(fromChat: unanswered, by: w.carla, commandID: "u2") == ref, "once")
            let mine = try await tickets.customerTickets(of: w.carla)
            #expect(mine.map(\.ref) == [ref] && mine[0].title == "Hallo? Niemand da?" && mine[0].owner == "anna" && mine[0].queue == "Misc")
            let seen = try #require(try await tickets.customerZoom(ref.id, by: w.carla)).articles
            #expect(seen.count == 1 && seen[0].senderType == .customer && seen[0].from == "Carla Kunde")
            #expect(seen[0].body.contains("Hallo? Niemand da?"))
            #expect(try await store.chat(id: unanswered)?.ticketID == ref.id.rawValue)
        }
    }

    @Test("only the customer user's own closed chat, and not someone else's", arguments: StoreEngine.allCases)
    func refusals(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await ChatTicketTests.world(store)
            let tickets = w.engine.tickets
            // Dora may not even see Carla's chat
            let chat = try await ChatTicketTests.customerChat(w)
            _ = try await w.service.close(chat, by: .agent(w.anna))
            let dora = try await store.addCustomerUser(NewCustomerUser(login: "dora", customerID: "ACME", email: "dora@example.com",
                firstName: "Dora", lastName: "Kunde", passwordHash: nil))
            await #expect(throws: ChatError.notInChat) { _ = try await tickets.createTicket(fromChat: chat, by: dora.id, commandID: nil) }
            // saved by the agent already: the customer user gets that ticket
            let form = try await tickets.phoneTicketForm(chat, by: w.anna)
            let outcome = try await tickets.createPhoneTicket(from: chat, ChatTicketTests.request(form), by: w.anna, commandID: nil)
            #expect(try await tickets.createTicket(fromChat: chat, by: w.carla, commandID: nil) == outcome.ticket)
        }
    }
}

/// Pre-ticket chat (DeskDirector): the request's description becomes a ticket first, the chat is linked to it.
@Suite("Pre-ticket chats", .timeLimit(.minutes(5)))
struct PreTicketChatTests {
    @Test("a customer user's request makes her ticket first, the chat linked; its log follows at the close; once per request",
        arguments: StoreEngine.allCases)
    func preTicket(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await ChatTicketTests.world(store, overrides: """
                $Self->{'ChatEngine::PreTicketChat'} = 1;
                $Self->{'ChatEngine::TicketFromChat::Owner'} = 'anna';
                $Self->{'ChatEngine::TicketFromChat::Queue'} = 'Misc';
                """)
            let tickets = w.engine.tickets
            #expect(tickets.preTicketChat)
            await #expect(throws: EngineError.refused("please describe your problem in a few words")) {
                _ = try await tickets.requestPreTicketChat(by: w.carla, description: "  ", commandID: "p0")
            }
            let requested = try await tickets.requestPreTicketChat(by: w.carla, description: "VPN bricht ab\nseit heute früh",
                commandID: "p1")
            let again = try await tickets.requestPreTicketChat(by: w.carla, description: "VPN bricht ab\nseit heute früh",
                commandID: "p1")
            #expect(again.chat.id == requested.chat.id)
            let mine = try await tickets.customerTickets(of: w.carla)
            #expect(mine.count == 1 && mine[0].title == "VPN bricht ab" && mine[0].queue == "Misc" && mine[0].owner == "anna")
            #expect(requested.chat.ticketID == mine[0].ref.id.rawValue)
            let opening = try #require(try await tickets.customerZoom(mine[0].ref.id, by: w.carla)).articles
            #expect(opening.count == 1 && opening[0].senderType == .customer && opening[0].from == "Carla Kunde")

            _ = try await w.service.accept(requested.chat.id, by: .agent(w.anna))
            _ = try await w.service.postMessage(requested.chat.id, text: "Welcher Client?", by: .agent(w.anna), commandID: nil)
            _ = try await w.service.close(requested.chat.id, by: .customer(w.carla))
            #expect(try await w.engine.outbox.workDue().done == 1)
            #expect(try await tickets.zoom(mine[0].ref.id, by: w.anna)?.articles.count == 3)
        }
    }
}
