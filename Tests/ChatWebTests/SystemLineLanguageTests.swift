import ChatCore
import ChatJSON
import ChatTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// The chat's system lines ("… has joined the chat.") in the language of the visitor or customer user who reads
/// them, over every way a tab reads a chat: the WebSocket (its upgrade's `Lang`, else `Accept-Language`), long
/// polling and the history Subactions. Agents read English whatever their browser asks for.
@Suite("System lines in the reader's language", .timeLimit(.minutes(2)))
struct SystemLineLanguageTests {
    /// A name with what a careless substitution would eat or expand.
    static let name = "Vera 100% $1 %s"

    /// A socket on the live server with the `Accept-Language` given.
    static func open(port: Int, query: String, cookie: String? = nil, acceptLanguage: String?,
        _ body: @escaping @Sendable (TestSocket) async throws -> Void) async throws
    {
        var fields = TestSocket.headers(port, cookie, nil)
        if let acceptLanguage { fields["Accept-Language"] = acceptLanguage }
        let headers = fields
        let raw: RawWebSocket = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try RawWebSocket(port: port, path: "/otrs/ws?\(query)", headers: headers) })
            }
        }
        guard raw.status == 101 else { throw RawWebSocket.Failed(description: "upgrade refused: \(raw.status)") }
        try await body(TestSocket(raw))
    }

    static func texts(_ frame: JSON) -> [String] {
        (frame["Events"]?.array ?? []).compactMap { $0["Kind"] == "system" ? $0["Text"]?.stringValue : nil }
    }

    @Test("a German visitor's socket gets German system lines (Lang=, else Accept-Language), the agent's English")
    func socket() async throws {
        try await WebHarness.with(setup: .live) { harness, client async throws in
            let port = try #require(client.port)
            let agent = try await Flow.externalAgent(harness, client)
            let (visitor, chat) = try await Flow.visitorRequest(client, name: Self.name, message: "Hallo")
            let token = visitor.visitorToken ?? ""
            try await Self.open(port: port, query: "Interface=Public&VisitorToken=\(token)&Lang=de", acceptLanguage: "en-US") { byLang in
                try await Self.open(port: port, query: "Interface=Public&VisitorToken=\(token)", acceptLanguage: "de-AT,de;q=0.9") {
                    byBrowser in
                    try await Self.open(port: port, query: "Interface=Public&VisitorToken=\(token)", acceptLanguage: "fr") { english in
                        for socket in [byLang, byBrowser, english] {
                            try await socket.send(["Type": "Hello", "Since": [:]])
                            _ = try await socket.next("Snapshot")
                        }
                        // the catch-up after Hello
                        #expect(Self.texts(try await byLang.next("Events")) == ["\(Self.name) hat einen Chat angefragt."])
                        #expect(Self.texts(try await byBrowser.next("Events")) == ["\(Self.name) hat einen Chat angefragt."])
                        #expect(Self.texts(try await english.next("Events")) == ["\(Self.name) has requested a chat."])
                        // live: the agent accepts
                        #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
                        #expect(Self.texts(try await byLang.next("Events")) == ["Support Agent 1 hat den Chat betreten."])
                        #expect(Self.texts(try await byBrowser.next("Events")) == ["Support Agent 1 hat den Chat betreten."])
                        #expect(Self.texts(try await english.next("Events")) == ["Support Agent 1 has joined the chat."])
                        // a history asked for over the German socket is German too
                        try await byLang.send(["Type": "Command", "CommandID": "h-1", "Subaction": "ChatUpdate",
                            "Params": ["ChatID": .string(chat)]])
                        let history = try await byLang.next("Result")
                        #expect(Self.texts(history["Data"] ?? .null).contains("Support Agent 1 hat den Chat betreten."),
                            "\(history.text)")
                    }
                }
            }
            // an agent whose browser asks for German still reads English, on the socket too
            let agentQuery = "Interface=Agent&ChallengeToken=\(agent.challenge ?? "")&Lang=de"
            try await Self.open(port: port, query: agentQuery, cookie: agent.cookie, acceptLanguage: "de") { agentSocket in
                try await agentSocket.send(["Type": "Hello", "Since": [:]])
                _ = try await agentSocket.next("Snapshot")
                let agentView = Self.texts(try await agentSocket.next("Events"))
                #expect(agentView == ["\(Self.name) has requested a chat.", "Admin OTRS has joined the chat."])
            }
        }
    }

    @Test("history and long polling over HTTP: German for a German visitor, English for agents and other visitors")
    func http() async throws {
        try await WebHarness.with(setup: .live) { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (visitor, chat) = try await Flow.visitorRequest(client, name: Self.name, message: "Hallo")
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            #expect(try await agent.post(client, "AgentChat", "ChatDiscard", ["ChatID": chat]).json.ok)
            func lines(_ session: WebSession, _ action: String, _ subaction: String, _ params: [String: String],
                _ language: String?) async throws -> [String]
            {
                let answer = try await ErrorLanguageTests.post(client, session, action, subaction, params, language: language)
                #expect(answer.status == .ok, "\(answer.json.text)")
                return Self.texts(answer.json.data ?? .null)
            }
            let german = ["\(Self.name) hat einen Chat angefragt.", "Support Agent 1 hat den Chat betreten.",
                "Support Agent 1 hat den Chat beendet."]
            let english = ["\(Self.name) has requested a chat.", "Support Agent 1 has joined the chat.",
                "Support Agent 1 has closed the chat."]
            #expect(try await lines(visitor, "PublicChat", "ChatUpdate", ["ChatID": chat], "de-DE,de;q=0.9") == german)
            #expect(try await lines(visitor, "PublicChat", "ChatUpdate", ["ChatID": chat, "Lang": "de"], "en") == german)
            #expect(try await lines(visitor, "PublicChat", "ChatUpdate", ["ChatID": chat], "en") == english)
            #expect(try await lines(visitor, "PublicChat", "ChatUpdate", ["ChatID": chat], nil) == english)
            // the agent reads English with real names, whatever the browser asks for
            let agentLines = try await lines(agent, "AgentChat", "ChatHistory", ["ChatID": chat], "de")
            #expect(agentLines.contains("Admin OTRS has joined the chat.") && !agentLines.contains { $0.contains(" hat ") })
            // long polling: the visitor's chat is closed, so its events come with a fresh Since only while open;
            // a new chat shows the catch-up frame in German
            let (second, _) = try await Flow.visitorRequest(client, name: "Zoë", message: "Noch eine Frage")
            let polled = try await ErrorLanguageTests.post(client, second, "PublicChat", "Events", ["Since": "{}", "Wait": "0"],
                language: "de")
            let frames = polled.json.data?["Frames"]?.array ?? []
            #expect(frames.flatMap(Self.texts) == ["Zoë hat einen Chat angefragt."], "\(polled.json.text)")
        }
    }

    @Test("a visitor's PDF download with Lang=de: German system lines, header and footer; the agent's stays English")
    func download() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (visitor, chat) = try await Flow.visitorRequest(client, name: Self.name, message: "Hallo")
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            #expect(try await visitor.post(client, "PublicChat", "ChatLeave", ["ChatID": chat]).json.ok)
            let german = try await ChatDownloadTests.visitorDownload(client, visitor,
                ["ChatID": chat, "TimeZone": "Europe/Berlin", "Lang": "de"])
            ChatDownloadTests.expectPDF(german, fileName: ChatDownloadTests.fileName(chat, harness, zone: "Europe/Berlin"))
            let text = try ChatDownloadTests.text(german, "language-visitor-de")
            #expect(PDFTools.inOrder(text, ["Kanal: ", "Teilnehmer: ", "Beginn: ", "\(Self.name) hat einen Chat angefragt.",
                "Support Agent 1 hat den Chat betreten.", "\(Self.name) hat den Chat verlassen.", "Seite 1 von 1"]), "\(text)")
            #expect(!text.contains("has joined") && !text.contains("Participants"))
            let english = try ChatDownloadTests.text(try await ChatDownloadTests.visitorDownload(client, visitor,
                ["ChatID": chat, "TimeZone": "Europe/Berlin"]), "language-visitor-en")
            #expect(english.contains("Support Agent 1 has joined the chat.") && english.contains("Page 1 of 1"))
            let agentCopy = try await client.execute(uri: "/otrs/index.pl?Action=AgentChatDownload;ChatID=\(chat);Lang=de",
                method: .get, headers: [.cookie: agent.cookie ?? "", .acceptLanguage: "de"])
            let agentText = try ChatDownloadTests.text(agentCopy, "language-agent-de")
            #expect(agentText.contains("Admin OTRS has joined the chat.") && agentText.contains("Participants: "))
        }
    }

    @Test("a transcript mail asked for in German: the transcript in its body has German system lines and header")
    func mail() async throws {
        let sink = try await SMTPSink.start(.plain)
        defer { sink.stop() }
        let config = SMTPSink.config(port: sink.port)
        try await WebHarness.with(config) { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (visitor, chat) = try await Flow.visitorRequest(client, name: Self.name, message: "Hallo")
            #expect(try await visitor.post(client, "PublicChatMail", "SetAddress", ["ChatID": chat, "Email": "vera@example.com"]).status == .ok)
            #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            _ = try await agent.post(client, "AgentChat", "ChatDiscard", ["ChatID": chat])
            let sent = try await ErrorLanguageTests.post(client, visitor, "PublicChatMail", "Send",
                ["ChatID": chat, "RequestID": "v-1", "TimeZone": "Europe/Berlin"], language: "de")
            #expect(sent.status == .ok, "\(sent.json.text)")
            #expect(try await harness.env.engine.outbox.workDue().done == 1)
            let mail = try SMTPSink.parse(try await sink.waitForMail(count: 1)[0].raw)
            let body = try #require(mail.body)
            #expect(body.contains("\nTeilnehmer: \(Self.name), Support Agent 1\n"), "\(body)")
            #expect(body.contains("*** \(Self.name) hat einen Chat angefragt. ***"))
            #expect(body.contains("*** Support Agent 1 hat den Chat betreten. ***"))
            #expect(!body.contains("has joined") && !body.contains("Participants:"))
        }
    }
}
