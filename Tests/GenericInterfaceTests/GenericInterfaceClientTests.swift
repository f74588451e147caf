@testable import GenericInterfaceStandIn
import ChatJSON
import Foundation
import Testing

@testable import GenericInterface

/// The client against the stand-in that replays the captured Znuny 7 (PostgreSQL and MariaDB): every request
/// it sends must have a captured shape (`withStandIn` fails the test otherwise).
@Suite("GenericInterface client against the Znuny stand-in")
struct GenericInterfaceClientTests {
    @Test("a phone ticket, an internal note with a file, search and get: the routes, fields and IDs Znuny 7 uses",
        arguments: [ZnunyModel.Database.postgres, .mariadb])
    func ticketRoundTrip(database: ZnunyModel.Database) async throws {
        try await withStandIn(database) { standIn, client in
            let created = try await client.createTicket(Samples.phoneTicket, article: Samples.phoneArticle)
            #expect(created.ticketNumber.count == 16 && created.articleID != nil)
            let note = try await client.addArticle(Samples.internalNote, attachments: [Samples.file], to: created.ticketID, state: "open")
            #expect(note.ticketID == created.ticketID && note.articleID != nil && note.articleID != created.articleID)
            // Znuny answered the Phone article's ID as a string and the Internal one's as a number: both read
            #expect(standIn.count(.sessionCreate) == 1)

            #expect(try await client.searchTickets(.title("Chat with*")) == [created.ticketID])
            #expect(try await client.searchTickets(.ticketNumber(created.ticketNumber)) == [created.ticketID])
            #expect(try await client.searchTickets(.customerUserLogin("jdoe")) == [created.ticketID])
            #expect(try await client.searchTickets(.title("no such title")) == [])

            let ticket = try await client.ticket(created.ticketID, articles: true, attachments: true)
            #expect(ticket.title == "Chat with Jürgen Müller" && ticket.queue == "Chat" && ticket.state == "open")
            #expect(ticket.customerUserID == "jdoe" && ticket.customerID == "ACME" && ticket.owner == "chatbot")
            #expect(ticket.articles.map(\.communicationChannelID) == [2, 3])
            #expect(ticket.articles.map(\.isVisibleForCustomer) == [true, false])
            // MariaDB's utf8mb3 loses the emoji of the body; the attached file keeps every byte
            #expect(ticket.articles[1].body == (database == .postgres ? Samples.transcript : ZnunyText.utf8mb3(Samples.transcript)))
            #expect(ticket.articles[1].body.contains("\u{FFFD}") == (database == .mariadb))
            #expect(ticket.articles[1].attachments.first?.content == Samples.file.content)
            #expect(try await client.ticket(created.ticketID).articles == [])

            // the requests as sent: methods, routes, the session in the body or the query
            let sent = standIn.exchanges.map { "\($0.method) \($0.route)" }
            #expect(sent == ["POST Session", "POST Ticket", "PATCH Ticket/\(created.ticketID)", "GET Ticket", "GET Ticket", "GET Ticket",
                "GET Ticket", "GET Ticket/\(created.ticketID)", "GET Ticket/\(created.ticketID)"])
            #expect(standIn.exchanges.filter { $0.method != "GET" }.allSatisfy { $0.contentType == "application/json; charset=utf-8" })
        }
    }

    @Test("Znuny's errors keep their code and message: wrong password, unknown queue, invalid customer user, no such ticket")
    func errors() async throws {
        try await withStandIn(password: "wrong") { _, client in
            let error = await giError { try await client.createSession() }
            #expect(error == .znuny(code: "SessionCreate.AuthFail", message: "SessionCreate: Authorization failing!"))
            #expect(error?.isAuthFail == true && error?.mayHaveHappened == false)
        }
        try await withStandIn { _, client in
            var unknownQueue = Samples.phoneTicket
            unknownQueue.queue = "Nowhere"
            #expect(await giError { _ = try await client.createTicket(unknownQueue, article: Samples.phoneArticle) }
                == .znuny(code: "TicketCreate.InvalidParameter", message: "TicketCreate: Ticket->QueueID or Ticket->Queue parameter is invalid!"))
            var invalidCustomer = Samples.phoneTicket
            invalidCustomer.customerUser = "old.customer"
            invalidCustomer.customerID = ""
            #expect(await giError { _ = try await client.createTicket(invalidCustomer, article: Samples.phoneArticle) }
                == .znuny(code: "TicketCreate.InvalidParameter", message: "TicketCreate: Ticket->CustomerUser parameter is invalid!"))
            let missing = await giError { _ = try await client.ticket(999_999) }
            #expect(missing == .znuny(code: "TicketGet.AccessDenied", message: "TicketGet: User does not have access to the ticket!"))
            #expect(missing?.isAccessDenied == true)
            #expect(await giError { _ = try await client.addArticle(Samples.internalNote, to: 999_999) }
                == .znuny(code: "TicketUpdate.AccessDenied", message: "TicketUpdate: User does not have access to the ticket!"))
            // refused before sending: an attachment without a name (Znuny: "Attachment->Filename  parameter is missing!")
            let nameless = GIAttachmentFields(filename: "", contentType: "text/plain", content: [1])
            #expect(await giError { _ = try await client.addArticle(Samples.internalNote, attachments: [nameless], to: 2) }
                == .refused("Attachment->Filename must be 1 to 250 characters"))
        }
    }

    @Test("an expired session: one new SessionCreate and one more try; a second AuthFail is the answer, no loop")
    func expiredSession() async throws {
        try await withStandIn { standIn, client in
            let first = try await client.createTicket(Samples.phoneTicket, article: Samples.phoneArticle)
            standIn.state.withLock { $0.model.expireSessions() }
            let ticket = try await client.ticket(first.ticketID)
            #expect(ticket.ticketID == first.ticketID)
            #expect(standIn.count(.sessionCreate) == 2 && standIn.count(.ticketGet) == 2)
            // the password changed meanwhile: the new SessionCreate fails and that is what the caller sees
            standIn.state.withLock { state in
                state.model.expireSessions()
                state.model.agents = state.model.agents.map { var agent = $0; if agent.login == "chatbot" { agent.password = "changed" }; return agent }
            }
            #expect(await giError { _ = try await client.ticket(first.ticketID) }
                == .znuny(code: "SessionCreate.AuthFail", message: "SessionCreate: Authorization failing!"))
            #expect(standIn.count(.sessionCreate) == 3 && standIn.count(.ticketGet) == 3)
            #expect(standIn.state.withLock { $0.model.tickets.count } == 1)
        }
    }

    @Test("access denied for agents without rights: chat_observer alone may not read, ro+chat_owner may not create")
    func accessDenied() async throws {
        var ticketID: Int64 = 0
        let standIn = try await ZnunyStandIn.start()
        defer { Task { await standIn.stop() } }
        func client(_ login: String, _ password: String) throws -> GenericInterfaceClient {
            GenericInterfaceClient(configuration: try GenericInterfaceConfiguration(url: standIn.url, userLogin: login, password: password))
        }
        ticketID = try await client("chatbot", "BotPw123").createTicket(Samples.phoneTicket, article: Samples.phoneArticle).ticketID
        let observer = try client("agent.observer", "Obs-Apr1#5")
        #expect(await giError { _ = try await observer.ticket(ticketID) }
            == .znuny(code: "TicketGet.AccessDenied", message: "TicketGet: User does not have access to the ticket!"))
        #expect(try await observer.searchTickets(.title("Chat*")) == [])
        let owner = try client("agent.owner", "Owner-Bcrypt#3")
        #expect(await giError { _ = try await owner.createTicket(Samples.phoneTicket, article: Samples.phoneArticle) }
            == .znuny(code: "TicketCreate.AccessDenied", message: "TicketCreate: Can not create tickets in given Queue or QueueID!"))
        #expect(await giError { _ = try await owner.addArticle(Samples.internalNote, to: ticketID) }?.isAccessDenied == true)
        let role = try client("agent.role", "Role-Md5#4")
        #expect(try await role.ticket(ticketID).title == Samples.phoneTicket.title)
        #expect(standIn.rejections == [])
        #expect(standIn.state.withLock { $0.model.tickets.count } == 1)
        await standIn.stop()
    }

    @Test("the stand-in creates the ticket but never answers: the deadline fires, and the marker finds the ticket (exactly one)",
        arguments: [ZnunyModel.Database.postgres, .mariadb])
    func lostAnswer(database: ZnunyModel.Database) async throws {
        // 5 s: the calls that do get answers must fit in it on a busy machine; only the hanging one waits it out
        try await withStandIn(database, timeout: .seconds(5)) { standIn, client in
            let marker = try ChatMarker("4711")
            var ticket = Samples.phoneTicket
            ticket.title = "Chat with Jürgen 🖨️"
            standIn.state.withLock { $0.hangAfter[.ticketCreate] = 1 }
            let started = ContinuousClock.now
            let lost = await giError { _ = try await client.createTicketOnce(ticket, article: Samples.phoneArticle, marker: marker) }
            #expect(lost == .timeout(operation: "TicketCreate", seconds: 5) && lost?.mayHaveHappened == true)
            #expect(ContinuousClock.now - started < .seconds(30))
            #expect(standIn.state.withLock { $0.model.tickets.count } == 1)

            // the retry (the outbox's next attempt, same key, same marker) finds it and creates nothing
            let again = try await client.createTicketOnce(ticket, article: Samples.phoneArticle, marker: marker)
            let tickets = standIn.state.withLock { $0.model.tickets }
            #expect(tickets.count == 1 && again.ticketID == tickets[0].id && again.ticketNumber == tickets[0].number)
            #expect(again.articleID == tickets[0].articles[0].id)
            #expect(marker.marks(tickets[0].title) && tickets[0].articles[0].subject.hasPrefix("[Chat#4711] "))
            #expect(standIn.count(.ticketCreate) == 1)

            // another chat's marker that starts alike is not taken for it
            #expect(try await client.ticket(markedWith: try ChatMarker("471")) == nil)

            // the same for an article: lost once, written once
            let articleMarker = try ChatMarker("4711-after-9")
            standIn.state.withLock { $0.hangAfter[.ticketUpdate] = 1 }
            #expect(await giError { _ = try await client.addArticleOnce(Samples.internalNote, to: again.ticketID, marker: articleMarker) }?
                .mayHaveHappened == true)
            let note = try await client.addArticleOnce(Samples.internalNote, to: again.ticketID, marker: articleMarker)
            let articles = standIn.state.withLock { $0.model.tickets[0].articles }
            #expect(articles.count == 2 && note.articleID == articles[1].id && standIn.count(.ticketUpdate) == 1)
        }
    }

    @Test("the gate works through HTTP: a request with a field Znuny was never seen to accept gets StandIn.NeverCaptured")
    func gateThroughHTTP() async throws {
        let standIn = try await ZnunyStandIn.start()
        let client = GenericInterfaceClient(configuration: try GenericInterfaceConfiguration(url: standIn.url, userLogin: "chatbot", password: "BotPw123"))
        var article = Samples.phoneArticle.json
        if case .object(let pairs) = article { article = .object(pairs + [("TimeUnit", 5)]) }
        let drift = await giError { _ = try await client.authorized(.ticketCreate, body: [("Ticket", Samples.phoneTicket.json), ("Article", article)]) }
        if case .znuny(let code, let message)? = drift {
            #expect(code == "StandIn.NeverCaptured" && message.contains("Article with fields"))
        } else {
            Issue.record("expected StandIn.NeverCaptured, got \(String(describing: drift))")
        }
        #expect(standIn.rejections.contains { $0.contains("Article.TimeUnit") })
        #expect(standIn.state.withLock { $0.model.tickets.isEmpty })
        await standIn.stop()
    }
}
