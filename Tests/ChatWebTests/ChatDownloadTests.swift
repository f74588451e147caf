import ChatCore
import ChatEngine
import ChatJSON
import ChatTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// AgentChatDownload, CustomerChatDownload and PublicChat's `ChatDownload` through HTTP: the PDF with its headers,
/// what each viewer may see in it (read back with pdftotext), someone else's chat answered as a missing one, the
/// visitor after the chat closed, and 503 when every render thread is taken.
@Suite("Chat downloads", .timeLimit(.minutes(3)))
struct ChatDownloadTests {
    static let internalNote = "INTERNAL-NOTE Kundin ist VIP"

    /// The first-start customer user's chat with root: a reply, an internal note, `Olga Observer` watching, a
    /// customer message in Polish and Greek; closed by the customer.
    static func customerChat(_ harness: WebHarness, _ client: any TestClientProtocol) async throws
        -> (agent: WebSession, customer: WebSession, chat: String)
    {
        let agent = try await Flow.externalAgent(harness, client)
        let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
            harness.credentials.customerPassword)
        let created = try await customer.post(client, "CustomerChat", "CreateChatRequest", ["Message": "Drucker kaputt, Größe A4"])
        let chat = try #require(created.json.data?["ChatID"]?.stringValue)
        #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
        #expect(try await agent.post(client, "AgentChat", "ChatMessageAdd", ["ChatID": chat, "Message": "Welches Modell?"]).json.ok)
        #expect(try await agent.post(client, "AgentChat", "ChatMessageAdd",
            ["ChatID": chat, "Message": internalNote, "Internal": "1"]).json.ok)
        let olga = try await harness.addAgent("olga", first: "Olga", last: "Observer")
        let root = try await harness.env.engine.administration.agent(login: "root@localhost").id
        try await harness.env.engine.chats.setAvailability(.external, for: olga)
        harness.env.engine.chats.presence.input(.agent(olga), at: harness.clock.now)
        _ = try await harness.env.engine.chats.invite(ChatID(Int64(chat)!), agent: olga, by: .agent(root))
        _ = try await harness.env.engine.chats.join(ChatID(Int64(chat)!), as: .observer, by: olga)
        #expect(try await customer.post(client, "CustomerChat", "ChatMessageAdd",
            ["ChatID": chat, "Message": "Zażółć gęślą jaźń, Καλημέρα"]).json.ok)
        #expect(try await customer.post(client, "CustomerChat", "ChatClose", ["ChatID": chat]).json.ok)
        return (agent, customer, chat)
    }

    /// `Chat-N_YYYY-MM-DD.pdf` for a chat started at the harness's (fixed) clock, in `zone`.
    static func fileName(_ chat: String, _ harness: WebHarness, zone: String) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = TimeZone(identifier: zone)
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return "Chat-\(chat)_\(formatter.string(from: harness.clock.now)).pdf"
    }

    static func expectPDF(_ response: TestResponse, fileName: String) {
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/pdf")
        #expect(response.headers[.contentDisposition] == "attachment; filename=\"\(fileName)\"")
        #expect(response.headers[.cacheControl] == "private, no-store")
        #expect(response.headers[.xContentTypeOptions] == "nosniff")
        #expect(Array(response.body.readableBytesView).starts(with: Array("%PDF-".utf8)))
    }

    static func text(_ response: TestResponse, _ name: String) throws -> String {
        try PDFTools.text(Array(response.body.readableBytesView), name: name)
    }

    @Test("the agent's PDF holds the full log; the customer user's no internal message and no observer")
    func agentAndCustomer() async throws {
        try await WebHarness.with { harness, client async throws in
            let (agent, customer, chat) = try await Self.customerChat(harness, client)

            let agentPDF = try await agent.get(client, "Action=AgentChatDownload;ChatID=\(chat);TimeZone=Asia/Tokyo")
            Self.expectPDF(agentPDF, fileName: Self.fileName(chat, harness, zone: "Asia/Tokyo"))
            let agentText = try Self.text(agentPDF, "http-agent")
            #expect(PDFTools.inOrder(agentText, ["Drucker kaputt, Größe A4", "Welches Modell?", Self.internalNote,
                "Zażółć gęślą jaźń, Καλημέρα"]))
            #expect(agentText.contains("Olga Observer") && agentText.contains("[internal]"))

            let customerPDF = try await customer.get(client, "Action=CustomerChatDownload;ChatID=\(chat);TimeZone=America/New_York")
            Self.expectPDF(customerPDF, fileName: Self.fileName(chat, harness, zone: "America/New_York"))
            let customerText = try Self.text(customerPDF, "http-customer")
            #expect(PDFTools.inOrder(customerText, ["Drucker kaputt, Größe A4", "Welches Modell?", "Zażółć gęślą jaźń, Καλημέρα"]))
            #expect(!customerText.contains("INTERNAL-NOTE") && !customerText.contains("[internal]"))
            #expect(!customerText.contains("Olga") && !customerText.contains("Observer") && !customerText.contains("observer"))
            #expect(customerText.contains("Support Agent"))
        }
    }

    @Test("someone else's chat reads exactly like a missing one, for agents and customer users; the other interface's Action is not there")
    func someoneElses() async throws {
        try await WebHarness.with { harness, client async throws in
            let (_, customer, chat) = try await Self.customerChat(harness, client)
            _ = try await harness.env.engine.administration.addCustomerUser(login: "other", customerID: "example",
                email: "other@example.com", firstName: "Otto", lastName: "Other", password: "secret-other")
            let other = try await WebSession.login(client, .customer, "other", "secret-other")
            _ = try await harness.addAgent("dora", first: "Dora", last: "Draussen")
            let dora = try await WebSession.login(client, .agent, "dora", "secret-dora")
            for (session, action) in [(other, "CustomerChatDownload"), (dora, "AgentChatDownload")] {
                let foreign = try await session.get(client, "Action=\(action);ChatID=\(chat)")
                let missing = try await session.get(client, "Action=\(action);ChatID=\(Int64(chat)! + 1000)")
                #expect(foreign.status == .notFound && missing.status == .notFound, "\(action)")
                #expect(String(buffer: foreign.body) == String(buffer: missing.body), "\(action)")
                #expect(foreign.headers[.contentType] != "application/pdf")
            }
            #expect(try await customer.get(client, "Action=AgentChatDownload;ChatID=\(chat)").status == .notFound)
            let anonymous = try await client.execute(uri: "/otrs/index.pl?Action=AgentChatDownload;ChatID=\(chat)", method: .get)
            #expect(anonymous.headers[.contentType] != "application/pdf" && String(buffer: anonymous.body).contains("Login"))
        }
    }

    @Test("a visitor downloads their chat by its token after it closed (POST only); another visitor gets a missing chat")
    func visitorAfterClose() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (visitor, chat) = try await Flow.visitorRequest(client, name: "Vera Besucherin", message: "Привет 你好 مرحبا")
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            #expect(try await agent.post(client, "AgentChat", "ChatMessageAdd", ["ChatID": chat, "Message": "Hallo Vera"]).json.ok)
            #expect(try await visitor.post(client, "PublicChat", "ChatLeave", ["ChatID": chat]).json.ok)

            let download = try await Self.visitorDownload(client, visitor, ["ChatID": chat, "TimeZone": "Europe/Warsaw"])
            Self.expectPDF(download, fileName: Self.fileName(chat, harness, zone: "Europe/Warsaw"))
            let text = try Self.text(download, "http-visitor")
            #expect(PDFTools.inOrder(text, ["Vera Besucherin", "Привет 你好", "Hallo Vera"]))
            #expect(!text.contains("Admin"), "agents under DefaultAgentName")

            let (eve, _) = try await Flow.visitorRequest(client, name: "Eve")
            let foreign = try await Self.visitorDownload(client, eve, ["ChatID": chat])
            let missing = try await Self.visitorDownload(client, eve, ["ChatID": "\(Int64(chat)! + 1000)"])
            #expect(foreign.status == .notFound && String(buffer: foreign.body) == String(buffer: missing.body))
            let query = "Action=PublicChat;Subaction=ChatDownload;ChatID=\(chat);VisitorToken=\(visitor.visitorToken ?? "")"
            let viaGet = try await client.execute(uri: "/otrs/public.pl?\(query)", method: .get)
            #expect(viaGet.status == .methodNotAllowed, "the token never goes into a URL")
            var forged = WebSession.visitor
            forged.visitorToken = String(repeating: "0", count: 64)
            let nobody = try await Self.visitorDownload(client, forged, ["ChatID": chat])
            #expect(nobody.status != .ok && nobody.headers[.contentType] != "application/pdf")
        }
    }

    static func visitorDownload(_ client: any TestClientProtocol, _ visitor: WebSession, _ params: [String: String]) async throws
        -> TestResponse
    {
        var values = params
        values["Subaction"] = "ChatDownload"
        values["VisitorToken"] = visitor.visitorToken
        return try await client.execute(uri: "/otrs/public.pl?Action=PublicChat", method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: WebSession.form(values)))
    }

    @Test("every render thread taken and none may wait: 503 with Retry-After, then the PDF")
    func busy() async throws {
        let overrides = """
                $Self->{'ChatEngine::PDF::MaxConcurrentRenders'} = 1;
                $Self->{'ChatEngine::PDF::MaxWaitingRenders'} = 0;
            """
        try await WebHarness.with(overrides) { harness, client async throws in
            let (agent, _, chat) = try await Self.customerChat(harness, client)
            let release = DispatchSemaphore(value: 0)
            let holder = Task { try await harness.env.engine.transcripts.renderQueue.run { release.wait() } }
            for _ in 0..<500 where harness.env.engine.transcripts.renderQueue.load.running == 0 {
                try await Task.sleep(for: .milliseconds(10))
            }
            let refused = try await agent.get(client, "Action=AgentChatDownload;ChatID=\(chat)")
            #expect(refused.status == .serviceUnavailable && refused.headers[.retryAfter] == "5")
            #expect(String(buffer: refused.body).contains("try again"))
            release.signal()
            try await holder.value
            #expect(try await agent.get(client, "Action=AgentChatDownload;ChatID=\(chat)").status == .ok)
        }
    }
}
