import ChatCore
import ChatEngine
import ChatJSON
import ChatTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// Errors and the transcript mail in the caller's language: the same machine-readable code for everyone, the
/// human text translated (German from `Kernel/Language/de_ChatEngine.pm`), names and numbers filled in.
@Suite("Errors and transcript mails in the caller's language", .timeLimit(.minutes(3)))
struct ErrorLanguageTests {
    /// A POST of `session` with the browser's `Accept-Language`.
    static func post(_ client: any TestClientProtocol, _ session: WebSession, _ action: String, _ subaction: String,
        _ params: [String: String], language: String?, from address: String? = nil) async throws -> (status: HTTPResponse.Status, json: JSON)
    {
        var values = params
        values["Action"] = action
        values["Subaction"] = subaction
        if let token = session.challenge { values["ChallengeToken"] = token }
        if let token = session.visitorToken { values["VisitorToken"] = token }
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie = session.cookie { headers[.cookie] = cookie }
        if let language { headers[.acceptLanguage] = language }
        if let address { headers[.xForwardedFor] = "\(address), 127.0.0.1" }
        let response = try await client.execute(uri: session.interface.script, method: .post, headers: headers,
            body: ByteBuffer(string: WebSession.form(values)))
        return (response.status, JSON.parse(String(buffer: response.body)) ?? .null)
    }

    static func message(_ answer: (status: HTTPResponse.Status, json: JSON)) -> String? {
        answer.json["Error"]?["Message"]?.stringValue
    }

    @Test("a German caller gets German refusals with the same codes: a too-long message (numbers), a missing name, RateLimited")
    func germanRefusals() async throws {
        let config = """
                $Self->{'ChatEngine::TrustedProxies'} = '127.0.0.1 ::1';
                $Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerIP'} = 2;
            """
        try await WebHarness.with(config, setup: .live) { harness, client async throws in
            _ = try await Flow.externalAgent(harness, client)
            let limit = ChatPolicy(harness.env.settings).messageLimit
            let long = String(repeating: "ä", count: limit + 1)
            func start(_ params: [String: String], _ language: String?, from address: String = "198.51.100.1") async throws
                -> (status: HTTPResponse.Status, json: JSON)
            {
                try await Self.post(client, WebSession.visitor, "PublicChat", "CreateChatRequest", params, language: language, from: address)
            }
            // ChatError with numbers: refused before anything is counted
            let germanLong = try await start(["Name": "Vera", "Message": long], "de-DE,de;q=0.9,en;q=0.5")
            let englishLong = try await start(["Name": "Vera", "Message": long], "en-US")
            #expect(germanLong.status == .badRequest && germanLong.json.errorCode == "MessageTooLong")
            #expect(englishLong.status == germanLong.status && englishLong.json.errorCode == "MessageTooLong")
            #expect(Self.message(germanLong) == "Die Nachricht hat \(limit + 1) Zeichen; erlaubt sind höchstens \(limit).")
            #expect(Self.message(englishLong) == "The message has \(limit + 1) characters; at most \(limit) are allowed.")

            // the web layer's own validation, with the parameter's name filled in
            let noName = try await start(["Message": "Hallo"], "de")
            #expect(noName.status == .badRequest && noName.json.errorCode == "BadRequest" && Self.message(noName) == "Name fehlt.")

            // the abuse limit: the third new chat from another address within the hour
            for _ in 1...2 {
                let started = try await start(["Name": "Vera", "Message": "Hallo"], "de", from: "198.51.100.2")
                #expect(started.status == .ok, "\(started.json.text)")
            }
            let germanLimited = try await start(["Name": "Vera", "Message": "Hallo"], "de", from: "198.51.100.2")
            let englishLimited = try await start(["Name": "Vera", "Message": "Hello"], nil, from: "198.51.100.2")
            #expect(germanLimited.status == .tooManyRequests && germanLimited.json.errorCode == "RateLimited")
            #expect(englishLimited.status == .tooManyRequests && englishLimited.json.errorCode == "RateLimited")
            #expect(Self.message(germanLimited) == "Zu viele Chat-Anfragen von Ihrer Adresse. Bitte versuchen Sie es später noch einmal.")
            #expect(Self.message(englishLimited) == "Too many chat requests from your address. Please try again later.")
        }
    }

    @Test("over a German visitor's WebSocket: a refused command's Result in German, with the same code and the numbers")
    func germanSocket() async throws {
        try await WebHarness.with(setup: .live) { harness, client async throws in
            let port = try #require(client.port)
            let agent = try await Flow.externalAgent(harness, client)
            let (visitor, chat) = try await Flow.visitorRequest(client, name: "Vera", message: "Hallo")
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            let limit = ChatPolicy(harness.env.settings).messageLimit
            let query = "Interface=Public&VisitorToken=\(visitor.visitorToken ?? "")"
            for (language, expected) in [("de", "Die Nachricht hat \(limit + 1) Zeichen; erlaubt sind höchstens \(limit)."),
                ("en", "The message has \(limit + 1) characters; at most \(limit) are allowed.")]
            {
                try await SystemLineLanguageTests.open(port: port, query: query, acceptLanguage: language) { socket in
                    try await socket.send(["Type": "Command", "CommandID": .string("long-\(language)"), "Subaction": "ChatMessageAdd",
                        "Params": ["ChatID": .string(chat), "Message": .string(String(repeating: "x", count: limit + 1))]])
                    let result = try await socket.next("Result")
                    #expect(result["OK"] == .bool(false) && result["Error"]?["Code"] == "MessageTooLong", "\(result.text)")
                    #expect(result["Error"]?["Message"]?.stringValue == expected)
                }
            }
        }
    }

    @Test("a transcript mail asked for in German: German answers and refusals, the language in the payload, a German mail")
    func germanMail() async throws {
        let sink = try await SMTPSink.start(.plain)
        defer { sink.stop() }
        let config = SMTPSink.config(port: sink.port) + """

                $Self->{'Organization'} = 'Müller & Söhne';
            """
        try await WebHarness.with(config) { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (vera, chat) = try await Flow.visitorRequest(client, name: "Vera Köhler", message: "Hallo")
            let bad = try await Self.post(client, vera, "PublicChatMail", "SetAddress", ["ChatID": chat, "Email": "vera at example"],
                language: "de")
            #expect(bad.status == .badRequest && bad.json.errorCode == "BadAddress")
            #expect(Self.message(bad) == "„vera at example“ ist keine E-Mail-Adresse wie name@example.com.")
            #expect(try await vera.post(client, "PublicChatMail", "SetAddress", ["ChatID": chat, "Email": "vera@example.com"]).status == .ok)
            let early = try await Self.post(client, vera, "PublicChatMail", "Send", ["ChatID": chat, "RequestID": "v-0"], language: "de")
            #expect(early.status == .conflict && early.json.errorCode == "ChatNotClosed")
            #expect(Self.message(early) == "Die Unterhaltung kann gesendet werden, sobald der Chat beendet ist.")

            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            _ = try await agent.post(client, "AgentChat", "ChatDiscard", ["ChatID": chat])
            let sent = try await Self.post(client, vera, "PublicChatMail", "Send",
                ["ChatID": chat, "RequestID": "v-1", "TimeZone": "Europe/Berlin"], language: "de-AT, en;q=0.5")
            #expect(sent.status == .ok && sent.json.data?["Message"]?.stringValue == "Wir senden die Unterhaltung an v***@example.com.",
                "\(sent.json.text)")
            let payloads = try await MailRequestTests.mailPayloads(harness)
            #expect(payloads.count == 1 && payloads.first?.language == "de", "recorded when asked, as the asker reads")

            #expect(try await harness.env.engine.outbox.workDue().done == 1)
            let mails = try await sink.waitForMail(count: 1)
            let mail = try SMTPSink.parse(mails[0].raw)
            #expect(mail.defects.isEmpty)
            #expect(mail.subject?.hasPrefix("Ihr Chat mit Müller & Söhne am ") == true, "\(mail.subject ?? "")")
            let body = try #require(mail.body)
            #expect(body.hasPrefix("Hallo Vera Köhler,"), "\(body.prefix(200))")
            #expect(body.contains("hier ist Ihre Unterhaltung mit Müller & Söhne im Chat \(chat)."))
        }
    }
}
