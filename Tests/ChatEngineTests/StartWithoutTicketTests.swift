import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// `Ticket::Agent::StartChatWOTicket` and `Ticket::Customer::StartChatWOTicket` switched off: agents and customer
/// users start chats only from a ticket (OTRS); chats from a ticket and pre-ticket chats still start.
@Suite("Chats without a ticket switched off", .timeLimit(.minutes(5)))
struct StartWithoutTicketTests {
    static let off = """
        $Self->{'Ticket::Agent::StartChatWOTicket'} = 0;
        $Self->{'Ticket::Customer::StartChatWOTicket'} = 0;
        """
    static let agentRefusal = ChatError.notPermitted("chats that are not about a ticket are switched off: start the chat from the ticket")
    static let customerRefusal = ChatError.notPermitted(
        "chats that are not about a ticket are switched off: start the chat from one of your tickets")

    @Test("refused without a ticket (agent to agent, agent to customer, the customer's new chat); from a ticket they start",
        arguments: StoreEngine.allCases)
    func onlyFromTickets(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await ChatTicketTests.world(store, overrides: Self.off)
            w.service.presence.input(.customer(w.carla), at: w.clock.now)
            #expect(!w.service.offersChatWithoutTicket(to: .agent(w.anna)))
            #expect(!w.service.offersChatWithoutTicket(to: .customer(w.carla)))
            await #expect(throws: Self.agentRefusal) {
                _ = try await w.service.startChat(by: w.anna, with: .agent(login: "bert"), firstMessage: "Kurze Frage", commandID: nil)
            }
            await #expect(throws: Self.agentRefusal) {
                _ = try await w.service.startChat(by: w.anna, with: .customer(login: "carla"), firstMessage: "Hallo", commandID: nil)
            }
            await #expect(throws: Self.customerRefusal) {
                _ = try await w.service.requestChat(by: .customer(w.carla), channel: nil, firstMessage: "Hallo", commandID: nil)
            }
            #expect(try await store.openChats(of: .customer(w.carla)).isEmpty)

            let ticket = try await TicketFlowTests.carlasTicket(w)
            let fromAgent = try await w.engine.tickets.startChat(fromTicket: ticket.id, by: w.anna, firstMessage: "Hallo Carla",
                commandID: "a1")
            #expect(fromAgent.chat.ticketID == ticket.id.rawValue)
            let fromCustomer = try await w.engine.tickets.requestChat(aboutTicket: ticket.id, by: w.carla, firstMessage: "Gibt es Neues?",
                commandID: "c1")
            #expect(fromCustomer.chat.ticketID == ticket.id.rawValue)
        }
    }

    @Test("a pre-ticket chat starts: its ticket comes first", arguments: StoreEngine.allCases)
    func preTicketStillWorks(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await ChatTicketTests.world(store, overrides: Self.off + """

                $Self->{'ChatEngine::PreTicketChat'} = 1;
                $Self->{'ChatEngine::TicketFromChat::Owner'} = 'anna';
                $Self->{'ChatEngine::TicketFromChat::Queue'} = 'Misc';
                """)
            let requested = try await w.engine.tickets.requestPreTicketChat(by: w.carla, description: "VPN bricht ab", commandID: "p1")
            let mine = try await w.engine.tickets.customerTickets(of: w.carla)
            #expect(mine.count == 1 && requested.chat.ticketID == mine[0].ref.id.rawValue)
        }
    }

    @Test("switched on (the default), the same chats start without a ticket", arguments: StoreEngine.allCases)
    func onByDefault(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await ChatTicketTests.world(store)
            #expect(w.service.offersChatWithoutTicket(to: .agent(w.anna)) && w.service.offersChatWithoutTicket(to: .customer(w.carla)))
            w.service.presence.input(.customer(w.carla), at: w.clock.now)
            _ = try await w.service.startChat(by: w.anna, with: .customer(login: "carla"), firstMessage: "Hallo", commandID: nil)
            _ = try await w.service.requestChat(by: .customer(w.carla), channel: nil, firstMessage: "Hallo", commandID: nil)
        }
    }
}
