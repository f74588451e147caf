import ChatCore
import ChatEngine
import ChatJSON
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// A closed chat's history carries its ticket (`Ticket`), so a reloaded page links it as the live page did: agents
/// get the link to the zoom, a customer user the ticket only when it is one she may see, a visitor nothing.
@Suite("A closed chat's history links its ticket", .timeLimit(.minutes(2)))
struct ChatHistoryTicketTests {
    @Test("the customer's ticket from her closed chat: in her history and the agent's; none before it existed")
    func customerTicketInHistory() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let created = try await customer.post(client, "CustomerChat", "CreateChatRequest", ["Message": "Drucker kaputt"])
            let chat = try #require(created.json.data?["ChatID"]?.stringValue)
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            #expect(try await agent.post(client, "AgentChat", "ChatMessageAdd", ["ChatID": chat, "Message": "Welches Modell?"]).json.ok)
            #expect(try await customer.post(client, "CustomerChat", "ChatClose", ["ChatID": chat]).json.ok)
            let before = try await customer.post(client, "CustomerChat", "ChatUpdate", ["ChatID": chat], challenge: false)
            #expect(before.json.data?["Ticket"] == .null)

            let made = try await customer.post(client, "CustomerChat", "TicketCreate", ["ChatID": chat, "CommandID": "th-1"])
            let number = try #require(made.json.data?["TicketNumber"]?.stringValue)
            let ticketID = try #require(made.json.data?["TicketID"])
            // the reloaded page: her history has the ticket, opened in her own zoom (no agent link for her)
            let mine = try await customer.post(client, "CustomerChat", "ChatUpdate", ["ChatID": chat, "After": "0"], challenge: false)
            let ticket = try #require(mine.json.data?["Ticket"])
            #expect(ticket["TicketNumber"] == .string(number) && ticket["TicketID"] == ticketID)
            #expect(ticket["TicketURL"] == nil)
            // the agent's closed-chat history: the link to the agent's zoom
            let agents = try await agent.post(client, "AgentChat", "ChatHistory", ["ChatID": chat], challenge: false)
            let forAgent = try #require(agents.json.data?["Ticket"])
            #expect(forAgent["TicketNumber"] == .string(number))
            #expect(forAgent["TicketURL"]?.stringValue == "index.pl?Action=AgentTicketZoom;TicketID=\(ticketID.stringValue ?? "")")
        }
    }

    @Test("a chat appended to someone else's ticket: the agent's history links it, the customer's does not")
    func othersTicketHiddenFromCustomer() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            // a ticket of a visitor's (free text customer), not the customer user's
            let (visitor, first) = try await Flow.visitorRequest(client, name: "Vera", message: "Drucker")
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": first]).json.ok)
            let phone = try await agent.post(client, "AgentChat", "PhoneTicketCreate", ["ChatID": first, "Title": "Veras Ticket",
                "Queue": "Raw", "State": "open", "Priority": "3 normal", "CustomerUser": "Vera"])
            let number = try #require(phone.json.data?["TicketNumber"]?.stringValue)
            let ticketID = try #require(phone.json.data?["TicketID"]?.stringValue)
            // the visitor has no tickets: no link in her history either
            let visitors = try await visitor.post(client, "PublicChat", "ChatUpdate", ["ChatID": first], challenge: false)
            #expect(visitors.json.data?["Chat"]?["State"] == "closed")
            #expect(visitors.json.data?["Ticket"] == .null)

            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let created = try await customer.post(client, "CustomerChat", "CreateChatRequest", ["Message": "Auch Drucker"])
            let chat = try #require(created.json.data?["ChatID"]?.stringValue)
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            let appended = try await agent.post(client, "AgentChat", "TicketAppend", ["ChatID": chat, "TicketID": ticketID])
            #expect(appended.status == .ok, "\(appended.json.text)")

            let agents = try await agent.post(client, "AgentChat", "ChatHistory", ["ChatID": chat], challenge: false)
            #expect(agents.json.data?["Ticket"]?["TicketNumber"] == .string(number))
            let hers = try await customer.post(client, "CustomerChat", "ChatUpdate", ["ChatID": chat], challenge: false)
            #expect(hers.json.data?["Chat"]?["HasTicket"] == .bool(true))
            #expect(hers.json.data?["Ticket"] == .null, "a ticket she may not open")
        }
    }
}
