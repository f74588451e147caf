@testable import GenericInterfaceStandIn
import ChatJSON
import Foundation
import Testing

@testable import GenericInterface

/// The captures themselves, the shapes learnt from them, and the client's readers on every captured answer.
@Suite("GenericInterface captures and shapes")
struct CapturedShapeTests {
    @Test("the three capture files are read: PostgreSQL's 51, MariaDB's 64 and the hand-made ones with a whole request")
    func capturesRead() {
        let byFile = Dictionary(grouping: Captures.all, by: \.file).mapValues(\.count)
        #expect(byFile["otrs/znuny7-live/gi-captures.json"] == 51)
        #expect(byFile["otrs/znuny7-live-mysql/gi-captures.json"] == 64)
        #expect(byFile["otrs/captures/znuny7-gi-rest.json", default: 0] >= 4)
    }

    @Test("every captured request that Znuny accepted passes the gate; the refused ones' shapes do not all pass")
    func capturedRequestsPass() throws {
        let shapes = RequestShapes.fromCaptures
        var passed = 0
        for capture in Captures.all where capture.status == 200 && (capture.errorCode == nil || capture.errorCode!.hasSuffix(".AccessDenied")) {
            guard let (operation, _) = StandInOperation.route(method: capture.method, route: capture.route) else { continue }
            #expect(shapes.problems(operation, query: capture.query, body: capture.body) == [], "\(capture.name)")
            passed += 1
        }
        #expect(passed > 60)
        // a refused request replays as a whole, but its parts teach nothing: one field less is never captured
        let missingTitle = try #require(Captures.named("TicketCreate missing Ticket->Title").body)
        #expect(shapes.problems(.ticketCreate, query: [], body: missingTitle) == [])
        guard case .object(let pairs) = missingTitle else { return }
        let fewer = JSON.object(pairs.map { key, value in
            guard key == "Article", case .object(let article) = value else { return (key, value) }
            return (key, .object(article.filter { $0.0 != "Subject" }))
        })
        #expect(shapes.problems(.ticketCreate, query: [], body: fewer).contains { $0.contains("Ticket with fields") })
    }

    @Test("a shape never captured is named: an extra field, a number as a string, the Email and Chat channels, two search criteria")
    func uncapturedShapes() throws {
        let shapes = RequestShapes.fromCaptures
        let captured = try #require(Captures.named("TicketUpdate appends an Internal article to the phone ticket").body)
        func variant(_ change: (inout [(String, JSON)]) -> Void) -> JSON {
            guard case .object(var article)? = captured["Article"], case .object(var top) = captured else { return captured }
            change(&article)
            top = top.map { $0.0 == "Article" ? ($0.0, .object(article)) : $0 }
            return .object(top)
        }
        #expect(shapes.problems(.ticketUpdate, query: [], body: captured) == [])
        let extra = variant { $0.append(("TimeUnit", "5")) }
        #expect(shapes.problems(.ticketUpdate, query: [], body: extra).contains { $0.contains("Article with fields") })
        let stringFlag = variant { $0 = $0.map { $0.0 == "IsVisibleForCustomer" ? ($0.0, "0") : $0 } }
        #expect(shapes.problems(.ticketUpdate, query: [], body: stringFlag).contains { $0.contains("IsVisibleForCustomer as a JSON string") })
        for channel in ["Email", "Chat"] {
            let other = variant { $0 = $0.map { $0.0 == "CommunicationChannel" ? ($0.0, .string(channel)) : $0 } }
            #expect(shapes.problems(.ticketUpdate, query: [], body: other) == ["TicketUpdate: Article.CommunicationChannel = \(channel) never captured"])
        }
        #expect(shapes.problems(.ticketSearch, query: [("SessionID", "x"), ("Title", "a*"), ("CustomerUserLogin", "jdoe")], body: nil) != [])
        #expect(shapes.problems(.ticketSearch, query: [("SessionID", "x"), ("Title", "a*")], body: nil) == [])
        #expect(shapes.problems(.ticketGet, query: [("SessionID", "x"), ("AllArticles", "2")], body: nil) != [])
    }

    @Test("the client reads every captured TicketCreate, TicketUpdate, TicketSearch and TicketGet answer (IDs as strings and numbers)")
    func clientReadsCapturedAnswers() throws {
        var kinds: Set<String> = []
        for capture in Captures.all where capture.status == 200 && capture.errorCode == nil {
            guard let answer = capture.answer, let (operation, _) = StandInOperation.route(method: capture.method, route: capture.route) else { continue }
            switch operation {
            case .ticketCreate, .ticketUpdate:
                let write = try GITicketWrite(answer: answer, operation: .ticketCreate)
                #expect(write.ticketID > 0 && write.articleID != nil && write.ticketNumber.count == 16, "\(capture.name)")
                kinds.insert(RequestShapes.kind(answer["ArticleID"]!))
            case .ticketGet:
                let ticket = try GITicketDetails(json: try #require(answer["Ticket"]?.giArray?.first))
                #expect(ticket.ticketNumber.count == 16 && !ticket.title.isEmpty && ticket.queue.hasPrefix("Chat"), "\(capture.name)")
                for article in ticket.articles { #expect(article.articleID > 0 && [2, 3].contains(article.communicationChannelID)) }
            case .ticketSearch:
                let ids = (answer["TicketID"]?.giArray ?? []).compactMap(\.giID)
                #expect(ids.count == (answer["TicketID"]?.giArray?.count ?? 0), "\(capture.name)")
            default: break
            }
        }
        #expect(kinds == ["string", "number"])
        // the PDF comes back byte for byte: 919 bytes, as FilesizeRaw (a string) says
        let pdf = try GITicketDetails(json: try #require(Captures.named("TicketGet AllArticles=1 Attachments=1 (ticket with PDF)").answer?["Ticket"]?.giArray?.first))
        let file = try #require(pdf.articles.first?.attachments.first)
        #expect(file.size == 919 && file.content?.count == 919 && file.content.map { Array($0.prefix(5)) } == [UInt8]("%PDF-".utf8))
        #expect(file.fileID == 1 && file.filename == "Chat-Protokoll-Jürgen-4711.pdf")
    }

    @Test("the stand-in's TicketGet answers have exactly the captured fields in the captured JSON kinds")
    func standInAnswerShapes() {
        func shape(_ value: JSON) -> JSON {
            switch value {
            case .object(let pairs): .object(pairs.filter { $0.0 != "Article" && $0.0 != "Attachment" }.map { ($0.0, shape($0.1)) })
            default: .string(RequestShapes.kind(value))
            }
        }
        var model = ZnunyModel(database: .postgres)
        let agent = model.agent("chatbot")!
        let ticket = model.addTicket(["Title": "t", "Queue": "Chat", "State": "new", "Priority": "3 normal", "CustomerUser": "jdoe"], by: agent)
        _ = model.addArticle(["CommunicationChannel": "Internal", "SenderType": "agent", "IsVisibleForCustomer": 0, "Subject": "s",
            "Body": "b", "ContentType": "text/plain; charset=utf8"], files: [["Content": "aGVsbG8=", "ContentType": "text/plain", "Filename": "a.txt"]],
            to: ticket.id, by: agent)
        let built = StandInTemplates.ticket(model.tickets[0], model: model, articles: true, attachments: true)
        #expect(shape(built) == shape(StandInTemplates.phoneTicket))
        let article = built["Article"]!.giArray![0]
        #expect(shape(article) == shape(StandInTemplates.internalArticle))
        #expect(shape(article["Attachment"]!.giArray![0]) == shape(StandInTemplates.attachment))
    }
}
