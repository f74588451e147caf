import ChatCore
import ChatJSON
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// The chat widget's Phone ticket and Append through HTTP: the form, the challenge token, the answers, and
/// the refusals (a visitor, a closed chat, a ticket the agent may not write to).
@Suite("Phone ticket and Append Subactions", .timeLimit(.minutes(2)))
struct ChatTicketSubactionTests {
    /// An external agent with an accepted visitor chat.
    static func acceptedVisitorChat(_ harness: WebHarness, _ client: any TestClientProtocol, message: String = "Drucker kaputt")
        async throws -> (agent: WebSession, visitor: WebSession, chat: String)
    {
        let agent = try await Flow.externalAgent(harness, client)
        let (visitor, chat) = try await Flow.visitorRequest(client, name: "Vera <b>V</b>", message: message)
        #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
        return (agent, visitor, chat)
    }

    @Test("PhoneTicketForm prefills; PhoneTicketCreate needs the token, answers the ticket and closes the chat")
    func phoneTicket() async throws {
        try await WebHarness.with { harness, client async throws in
            let (agent, visitor, chat) = try await Self.acceptedVisitorChat(harness, client, message: "Drucker kaputt\nHilfe")
            let form = try await agent.post(client, "AgentChat", "PhoneTicketForm", ["ChatID": chat], challenge: false)
            let data = try #require(form.json.data)
            #expect(data["Title"] == "Drucker kaputt" && data["CustomerUser"] == "Vera <b>V</b>" && data["IsCustomerUser"] == .bool(false))
            #expect(data["Queues"]?.array.compactMap { $0["Name"]?.stringValue }.contains("Misc") == true)

            let params = ["ChatID": chat, "Title": "Drucker kaputt", "Queue": "Misc", "State": "open", "Priority": "3 normal",
                          "CustomerUser": "Vera", "Email": "vera@example.com", "CommandID": "pt-1"]
            let unsigned = try await agent.post(client, "AgentChat", "PhoneTicketCreate", params, challenge: false)
            #expect(unsigned.status == .forbidden)
            let created = try await agent.post(client, "AgentChat", "PhoneTicketCreate", params)
            #expect(created.status == .ok, "\(created.json.text)")
            let number = try #require(created.json.data?["TicketNumber"]?.stringValue)
            let ticketID = try #require(created.json.data?["TicketID"]?.stringValue)
            #expect(created.json.data?["TicketURL"] == .string("index.pl?Action=AgentTicketZoom;TicketID=\(ticketID)"))
            // the same command again: the same ticket
            let again = try await agent.post(client, "AgentChat", "PhoneTicketCreate", params)
            #expect(again.json.data?["TicketNumber"] == .string(number))

            let history = try await visitor.post(client, "PublicChat", "ChatUpdate", ["ChatID": chat], challenge: false)
            #expect(Flow.texts(history.json).contains { $0.contains("ticket #\(number)") }, "\(history.json.text)")
            // a visitor has no such Subaction; a closed chat makes no second ticket
            #expect(try await visitor.post(client, "PublicChat", "PhoneTicketCreate", params).status != .ok)
            let closed = try await agent.post(client, "AgentChat", "PhoneTicketCreate", params.merging(["CommandID": "pt-2"]) { $1 })
            #expect(closed.status != .ok && closed.json.text.contains("closed"))
        }
    }

    @Test("the backend's refusal comes back as an error naming the problem; the chat stays open")
    func refusals() async throws {
        try await WebHarness.with { harness, client async throws in
            let (agent, _, chat) = try await Self.acceptedVisitorChat(harness, client)
            let base = ["ChatID": chat, "Title": "x", "State": "open", "Priority": "3 normal", "CustomerUser": "Vera"]
            let unknownQueue = try await agent.post(client, "AgentChat", "PhoneTicketCreate", base.merging(["Queue": "Nowhere"]) { $1 })
            #expect(unknownQueue.status != .ok && unknownQueue.json.text.contains("Nowhere"), "\(unknownQueue.json.text)")
            let badMail = try await agent.post(client, "AgentChat", "PhoneTicketCreate",
                base.merging(["Queue": "Misc", "Email": "not-mail"]) { $1 })
            #expect(badMail.status != .ok && badMail.json.text.contains("not-mail"))
            let tooLong = try await agent.post(client, "AgentChat", "PhoneTicketCreate",
                base.merging(["Queue": "Misc", "Title": String(repeating: "t", count: 251)]) { $1 })
            #expect(tooLong.status == .badRequest)
            let missing = try await agent.post(client, "AgentChat", "TicketAppend", ["ChatID": chat])
            #expect(missing.status == .badRequest)
            let history = try await agent.post(client, "AgentChat", "ChatHistory", ["ChatID": chat], challenge: false)
            #expect(history.json.data?["Chat"]?["State"] == "active")
        }
    }

    @Test("TicketSearch finds writable tickets by number; TicketAppend adds the chat and closes it")
    func searchAndAppend() async throws {
        try await WebHarness.with { harness, client async throws in
            let (agent, _, first) = try await Self.acceptedVisitorChat(harness, client)
            let created = try await agent.post(client, "AgentChat", "PhoneTicketCreate", ["ChatID": first, "Title": "Erstes Ticket",
                "Queue": "Raw", "State": "open", "Priority": "3 normal", "CustomerUser": "Vera"])
            let number = try #require(created.json.data?["TicketNumber"]?.stringValue)
            let (_, second) = try await Flow.visitorRequest(client, name: "Vera again", message: "Nachtrag")
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": second]).json.ok)

            let found = try await agent.post(client, "AgentChat", "TicketSearch", ["Search": number], challenge: false)
            let hit = try #require(found.json.data?["Tickets"]?.array.first)
            #expect(hit["Title"] == "Erstes Ticket" && hit["TicketNumber"] == .string(number))
            let appended = try await agent.post(client, "AgentChat", "TicketAppend",
                ["ChatID": second, "TicketID": try #require(hit["TicketID"]?.stringValue)])
            #expect(appended.status == .ok && appended.json.data?["TicketNumber"] == .string(number), "\(appended.json.text)")
            let history = try await agent.post(client, "AgentChat", "ChatHistory", ["ChatID": second], challenge: false)
            #expect(history.json.data?["Chat"]?["State"] == "closed")
            #expect(Flow.texts(history.json).contains { $0.contains("added this chat to ticket #\(number)") })
            let none = try await agent.post(client, "AgentChat", "TicketSearch", ["Search": "no such ticket"], challenge: false)
            #expect(none.json.data?["Tickets"]?.array.isEmpty == true)
        }
    }
}
