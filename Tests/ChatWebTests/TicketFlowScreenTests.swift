import ChatCore
import ChatEngine
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// The ticket zooms' chat offers through HTTP: shown as the settings and people's presence decide, started by
/// a POST with the challenge token that goes on to the chat screen, the chat linked to the ticket.
@Suite("Chats from ticket screens", .timeLimit(.minutes(2)))
struct TicketFlowScreenTests {
    struct Seeded {
        var ticket: TicketRef
        var root: AgentID
        var customer: CustomerUserID
    }

    static func seed(_ harness: WebHarness) async throws -> Seeded {
        let tickets = harness.env.engine.tickets
        let rootID = try await harness.env.engine.administration.agent(login: "root@localhost").id
        let customer = try #require(try await harness.store.customerUser(login: harness.credentials.customerLogin))
        let ticket = try await tickets.backend.createTicket(
            NewTicket(title: "Printer", queue: "Raw", state: "open", priority: "3 normal", customerUser: customer.login,
                customerID: customer.customerID),
            articles: [NewArticle(senderType: .customer, channel: .phone, isVisibleForCustomer: true, subject: "Printer",
                body: "It does not print.")],
            by: try await tickets.ticketAgent(rootID), idempotencyKey: "ticket-flow-screen")
        return Seeded(ticket: ticket, root: rootID, customer: customer.id)
    }

    /// A form POST to the zoom; the whole response (status, Location, page).
    static func start(_ session: WebSession, _ client: any TestClientProtocol, action: String, ticket: TicketID,
        message: String, challenge: Bool = true) async throws -> TestResponse
    {
        var values = ["Action": action, "Subaction": "ChatStart", "TicketID": String(ticket.rawValue), "Message": message]
        if challenge, let token = session.challenge { values["ChallengeToken"] = token }
        return try await client.execute(uri: session.interface.script, method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: session.cookie ?? ""],
            body: ByteBuffer(string: WebSession.form(values)))
    }

    @Test("AgentTicketZoom offers the chat while the customer user is online; ChatStart needs the token and links the chat")
    func agentZoom() async throws {
        try await WebHarness.with { harness, client async throws in
            let seeded = try await Self.seed(harness)
            let root = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let zoomQuery = "Action=AgentTicketZoom;TicketID=\(seeded.ticket.id.rawValue)"
            let offline = String(buffer: try await root.get(client, zoomQuery).body)
            #expect(offline.contains("id=\"ce-ticket-chat-unavailable\"") && offline.contains("is not online"))
            #expect(!offline.contains("id=\"ce-ticket-chat-form\""))

            harness.env.engine.presence.input(.customer(seeded.customer), at: harness.clock.now)
            // starting needs what any chat with a customer needs: the agent available for external chats (a
            // login leaves her internal), so the zoom says so instead of offering a form that would be refused
            let internalZoom = String(buffer: try await root.get(client, zoomQuery).body)
            #expect(internalZoom.contains("id=\"ce-ticket-chat-unavailable\"") && !internalZoom.contains("id=\"ce-ticket-chat-form\""))
            #expect(internalZoom.contains("set yourself available for external chats"))
            let internalOnly = try await Self.start(root, client, action: "AgentTicketZoom", ticket: seeded.ticket.id, message: "Hi")
            #expect(internalOnly.status == .forbidden
                && String(buffer: internalOnly.body).contains("set yourself available for external chats"))
            try await harness.env.engine.chats.setAvailability(.external, for: seeded.root)
            let online = String(buffer: try await root.get(client, zoomQuery).body)
            #expect(online.contains("id=\"ce-ticket-chat-form\"") && online.contains("name=\"Subaction\" value=\"ChatStart\""))
            #expect(online.contains("Chat with \(harness.credentials.customerLogin)"))
            #expect(online.contains("name=\"ChallengeToken\" value=\"\(try #require(root.challenge))\""))

            let forged = try await Self.start(root, client, action: "AgentTicketZoom", ticket: seeded.ticket.id, message: "Hi",
                challenge: false)
            #expect(forged.status == .forbidden)
            #expect(try await harness.env.engine.chats.openChats(of: .customer(seeded.customer)).isEmpty)
            let viaGet = try await root.get(client, zoomQuery + ";Subaction=ChatStart;Message=Hi;ChallengeToken=\(root.challenge ?? "")")
            #expect(viaGet.status == .methodNotAllowed)

            let started = try await Self.start(root, client, action: "AgentTicketZoom", ticket: seeded.ticket.id,
                message: "About your printer <b>")
            #expect(started.status == .seeOther && started.headers[.location] == "/otrs/index.pl?Action=AgentChat",
                "\(String(buffer: started.body).components(separatedBy: "ce-error").dropFirst().first?.prefix(300) ?? "")")
            let chats = try await harness.env.engine.chats.invitations(for: .customer(seeded.customer))
            #expect(chats.count == 1 && chats.first?.ticketID == seeded.ticket.id.rawValue)

            // someone else's or a missing ticket: not found, nothing started
            let missing = try await Self.start(root, client, action: "AgentTicketZoom", ticket: TicketID(999_999), message: "Hi")
            #expect(missing.status == .notFound)
        }
    }

    @Test("CustomerTicketZoom offers the chat about the ticket while agents are available; ChatStart links the request")
    func customerZoom() async throws {
        try await WebHarness.with { harness, client async throws in
            let seeded = try await Self.seed(harness)
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let zoomQuery = "Action=CustomerTicketZoom;TicketID=\(seeded.ticket.id.rawValue)"
            let nobody = String(buffer: try await customer.get(client, zoomQuery).body)
            #expect(nobody.contains("id=\"ce-ticket-chat-unavailable\"") && nobody.contains("no agent is available"))
            let refused = try await Self.start(customer, client, action: "CustomerTicketZoom", ticket: seeded.ticket.id, message: "")
            #expect(refused.status == .forbidden)

            try await harness.env.engine.chats.setAvailability(.external, for: seeded.root)
            harness.env.engine.presence.input(.agent(seeded.root), at: harness.clock.now)
            let page = String(buffer: try await customer.get(client, zoomQuery).body)
            #expect(page.contains("id=\"ce-ticket-chat-form\"") && page.contains("Chat about this ticket"))
            let started = try await Self.start(customer, client, action: "CustomerTicketZoom", ticket: seeded.ticket.id,
                message: "Any news?")
            #expect(started.status == .seeOther && started.headers[.location] == "/otrs/customer.pl?Action=CustomerChat")
            let chats = try await harness.env.engine.chats.openChats(of: .customer(seeded.customer))
            #expect(chats.count == 1 && chats.first?.ticketID == seeded.ticket.id.rawValue && chats.first?.target == .channel)
        }
    }

    @Test("CustomerChat TicketCreate after the chat closed: needs the token, answers the ticket, once; the chat says it has one")
    func ticketFromClosedChat() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let created = try await customer.post(client, "CustomerChat", "CreateChatRequest", ["Message": "Drucker <b>kaputt</b>"])
            let chat = try #require(created.json.data?["ChatID"]?.stringValue)
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            #expect(try await agent.post(client, "AgentChat", "ChatMessageAdd", ["ChatID": chat, "Message": "Welches Modell?"]).json.ok)
            let early = try await customer.post(client, "CustomerChat", "TicketCreate", ["ChatID": chat])
            #expect(early.status != .ok, "still open")
            #expect(try await customer.post(client, "CustomerChat", "ChatClose", ["ChatID": chat]).json.ok)
            let before = try await customer.post(client, "CustomerChat", "ChatUpdate", ["ChatID": chat], challenge: false)
            #expect(before.json.data?["Chat"]?["HasTicket"] == .bool(false))

            let unsigned = try await customer.post(client, "CustomerChat", "TicketCreate", ["ChatID": chat], challenge: false)
            #expect(unsigned.status == .forbidden)
            let made = try await customer.post(client, "CustomerChat", "TicketCreate", ["ChatID": chat, "CommandID": "tc-1"])
            #expect(made.status == .ok, "\(made.json.text)")
            let number = try #require(made.json.data?["TicketNumber"]?.stringValue)
            let ticketID = try #require(made.json.data?["TicketID"]?.stringValue)
            let again = try await customer.post(client, "CustomerChat", "TicketCreate", ["ChatID": chat, "CommandID": "tc-2"])
            #expect(again.json.data?["TicketNumber"] == .string(number))
            let after = try await customer.post(client, "CustomerChat", "ChatUpdate", ["ChatID": chat], challenge: false)
            #expect(after.json.data?["Chat"]?["HasTicket"] == .bool(true))
            #expect(Flow.texts(after.json).contains { $0.contains("created ticket #\(number)") })
            // the customer user's own ticket, in the overview and zoom, the title escaped
            let zoom = String(buffer: try await customer.get(client, "Action=CustomerTicketZoom;TicketID=\(ticketID)").body)
            #expect(zoom.contains(number) && zoom.contains("Drucker &lt;b&gt;kaputt&lt;/b&gt;") && !zoom.contains("<b>kaputt"))
            // an agent has no such Subaction on their chat screen
            #expect(try await agent.post(client, "AgentChat", "TicketCreate", ["ChatID": chat]).status != .ok)
        }
    }

    @Test("with PreTicketChat a customer user's CreateChatRequest needs a description and starts linked to her new ticket")
    func preTicketRequest() async throws {
        try await WebHarness.with("$Self->{'ChatEngine::PreTicketChat'} = 1;") { harness, client async throws in
            _ = try await Flow.externalAgent(harness, client)
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let empty = try await customer.post(client, "CustomerChat", "CreateChatRequest", [:])
            #expect(empty.status != .ok && empty.json.text.contains("describe your problem"), "\(empty.json.text)")
            let created = try await customer.post(client, "CustomerChat", "CreateChatRequest", ["Message": "Mail <i>weg</i>"])
            #expect(created.status == .ok, "\(created.json.text)")
            let chat = try #require(created.json.data?["ChatID"]?.stringValue)
            let update = try await customer.post(client, "CustomerChat", "ChatUpdate", ["ChatID": chat], challenge: false)
            #expect(update.json.data?["Chat"]?["HasTicket"] == .bool(true))
            #expect(Flow.texts(update.json).contains { $0.hasPrefix("This chat is about ticket #") })
            let overview = String(buffer: try await customer.get(client, "Action=CustomerTicketOverview").body)
            #expect(overview.contains("Mail &lt;i&gt;weg&lt;/i&gt;") && !overview.contains("<i>weg"))
        }
    }
}
