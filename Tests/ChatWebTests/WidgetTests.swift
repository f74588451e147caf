import ChatCore
import ChatEngine
import ChatJSON
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SysConfig
import Testing

@testable import ChatWeb

/// The website widget at the server: allowed origins on the frame's CSP and the loader's availability check
/// (no browser: the headers a browser would send), and a visitor's chat bound to the site it started on.
@Suite("Website widget: allowed origins, availability, token binding", .timeLimit(.minutes(2)))
struct WidgetTests {
    static let listed = """
            $Self->{'ChatEngine::PublicInterface::AllowedOrigins'} = ['https://www.example.com', 'https://*.shop.example', 'http://localhost:8080'];
        """
    static let origin = HTTPField.Name("Origin")!
    static let referer = HTTPField.Name("Referer")!
    static let acao = HTTPField.Name("Access-Control-Allow-Origin")!

    static func frameAncestors(_ response: TestResponse) -> String? {
        response.headers[.contentSecurityPolicy]?.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            .first { $0.hasPrefix("frame-ancestors") }
    }

    @Test("with a list, the framed public page's frame-ancestors lists exactly the allowed origins (and ChatEngine's own)")
    func cspLists() async throws {
        try await WebHarness.with(Self.listed) { _, client async throws in
            for query in ["Action=PublicChat;IsIframe=1", "Action=PublicChat;IsIframe=1;Widget=1;HostOrigin=https%3A%2F%2Fwww.example.com"] {
                let page = try await client.execute(uri: "/otrs/public.pl?\(query)", method: .get, headers: [Self.referer: "https://www.example.com/shop"])
                #expect(page.status == .ok, "\(query)")
                #expect(Self.frameAncestors(page) == "frame-ancestors 'self' https://www.example.com https://*.shop.example http://localhost:8080")
                #expect(page.headers[.init("X-Frame-Options")!] == nil)
            }
            // not framable pages stay 'self' only
            let plain = try await client.execute(uri: "/otrs/public.pl?Action=PublicChat", method: .get)
            #expect(Self.frameAncestors(plain) == "frame-ancestors 'self'")
        }
    }

    @Test("without a list, any site may frame the chat, as before")
    func cspAnySite() async throws {
        try await WebHarness.with { _, client async throws in
            let page = try await client.execute(uri: "/otrs/public.pl?Action=PublicChat;IsIframe=1;Widget=1;HostOrigin=https%3A%2F%2Fanyone.example",
                method: .get, headers: [Self.referer: "https://anyone.example/"])
            #expect(page.status == .ok)
            #expect(Self.frameAncestors(page) == "frame-ancestors *")
            let config = try #require(WebSession.pageConfig(String(buffer: page.body)))
            #expect(config["Settings"]?["Widget"] == .bool(true))
            #expect(config["Settings"]?["HostOrigin"] == "https://anyone.example")
            #expect(String(buffer: page.body).contains("ce-widget"))
        }
    }

    @Test("a frame loaded by another site, or whose HostOrigin disagrees with its Referer, is refused with the reason")
    func frameRefused() async throws {
        try await WebHarness.with(Self.listed) { _, client async throws in
            let other = try await client.execute(uri: "/otrs/public.pl?Action=PublicChat;IsIframe=1", method: .get,
                headers: [Self.referer: "https://evil.example/page"])
            #expect(other.status == .forbidden)
            #expect(String(buffer: other.body).contains("https://evil.example"))
            #expect(String(buffer: other.body).contains("ChatEngine::PublicInterface::AllowedOrigins"))
            #expect(Self.frameAncestors(other)?.contains("https://www.example.com") == true)
            let lying = try await client.execute(
                uri: "/otrs/public.pl?Action=PublicChat;IsIframe=1;Widget=1;HostOrigin=https%3A%2F%2Fwww.example.com", method: .get,
                headers: [Self.referer: "http://localhost:8080/x"])
            #expect(lying.status == .forbidden)
            #expect(String(buffer: lying.body).contains("not by https://www.example.com"))
            let unlisted = try await client.execute(
                uri: "/otrs/public.pl?Action=PublicChat;IsIframe=1;Widget=1;HostOrigin=https%3A%2F%2Fevil.example", method: .get)
            #expect(unlisted.status == .forbidden)
            let subdomain = try await client.execute(
                uri: "/otrs/public.pl?Action=PublicChat;IsIframe=1;Widget=1;HostOrigin=https%3A%2F%2Fa.shop.example", method: .get,
                headers: [Self.referer: "https://a.shop.example/"])
            #expect(subdomain.status == .ok)
        }
    }

    @Test("availability: checked by Origin, else Referer; refused sites get a 403 they can read (CORS for themselves)")
    func availability() async throws {
        try await WebHarness.with(Self.listed + "\n$Self->{'ChatEngine::PublicInterface::WidgetPollInterval'} = 7;") { harness, client async throws in
            let uri = "/otrs/public.pl?Action=PublicChat;Subaction=WidgetAvailability"
            let before = try await client.execute(uri: uri, method: .get, headers: [Self.origin: "https://www.example.com"])
            #expect(before.status == .ok)
            #expect(before.headers[Self.acao] == "https://www.example.com")
            let json = try #require(JSON.parse(String(buffer: before.body)))
            #expect(json.data?["Available"] == .bool(false))
            #expect(json.data?["PollSeconds"] == .int(7))
            _ = try await Flow.externalAgent(harness, client)
            harness.clock.advance(5)  // the answer is kept WidgetAvailabilityCache seconds (5 by default)
            let after = try await client.execute(uri: uri, method: .get, headers: [Self.referer: "http://localhost:8080/shop/page.html"])
            #expect(after.headers[Self.acao] == "http://localhost:8080")
            #expect(JSON.parse(String(buffer: after.body))?.data?["Available"] == .bool(true))
            let refused = try await client.execute(uri: uri, method: .get, headers: [Self.origin: "https://evil.example"])
            #expect(refused.status == .forbidden)
            #expect(refused.headers[Self.acao] == "https://evil.example")
            let error = try #require(JSON.parse(String(buffer: refused.body)))
            #expect(error.errorCode == "OriginNotAllowed")
            #expect(error["Error"]?["Message"]?.stringValue?.contains("https://evil.example") == true)
            let none = try await client.execute(uri: uri, method: .get)
            #expect(none.status == .badRequest && none.headers[Self.acao] == nil)
        }
    }

    @Test("a visitor's chat is bound to the site it started on: the same site resumes, another is refused; fields reach agents once")
    func tokenBinding() async throws {
        try await WebHarness.with(Self.listed) { harness, client async throws in
            let agent = try await Flow.externalAgent(harness, client)
            let (visitor, chat) = try await Flow.visitorRequest(client)
            let fields = #"{"pdata":{"name":"Ann","email":"ann@example.com","plan":"gold"},"udata":{"page":"/pricing","cart":3}}"#
            let bound = try await visitor.post(client, "PublicChat", "WidgetBind",
                ["ChatID": chat, "HostOrigin": "https://www.example.com", "Fields": fields])
            #expect(bound.status == .ok, "\(bound.json.text)")
            #expect(bound.json.data?["HostOrigin"] == "https://www.example.com")
            // the next page of the same site: resumes
            let again = try await visitor.post(client, "PublicChat", "WidgetBind",
                ["ChatID": chat, "HostOrigin": "https://WWW.example.com:443", "Fields": fields])
            #expect(again.status == .ok)
            // the token carried to another allowed site: refused
            let carried = try await visitor.post(client, "PublicChat", "WidgetBind", ["ChatID": chat, "HostOrigin": "http://localhost:8080"])
            #expect(carried.status == .forbidden && carried.json.errorCode == "OriginNotAllowed")
            #expect(carried.json["Error"]?["Message"]?.stringValue?.contains("another website") == true)
            // a site not listed at all
            let (other, otherChat) = try await Flow.visitorRequest(client, name: "Bob")
            let unlisted = try await other.post(client, "PublicChat", "WidgetBind", ["ChatID": otherChat, "HostOrigin": "https://evil.example"])
            #expect(unlisted.status == .forbidden && unlisted.json.errorCode == "OriginNotAllowed")
            // another visitor's chat
            let foreign = try await other.post(client, "PublicChat", "WidgetBind", ["ChatID": chat, "HostOrigin": "https://www.example.com"])
            #expect(foreign.status == .forbidden && foreign.json.errorCode == "NotPermitted")
            // no token
            let anonymous = try await WebSession.visitor.post(client, "PublicChat", "WidgetBind", ["ChatID": chat, "HostOrigin": "https://www.example.com"])
            #expect(anonymous.status == .unauthorized)
            // stored in the database, and shown to agents (not the visitor) as one note
            let token = try #require(visitor.visitorToken)
            let visitorID = try #require(try await harness.env.engine.sessions.visitor(token))
            let stored = try #require(try await harness.store.widgetBinding(of: visitorID))
            #expect(stored.hostOrigin == "https://www.example.com" && stored.fields.contains("\"plan\":\"gold\"") && stored.fields.contains("\"cart\":\"3\""))
            let preview = try await agent.post(client, "AgentChatPreview", "", ["ChatID": chat], challenge: false)
            let notes = Flow.texts(preview.json).filter { $0.hasPrefix("Website: https://www.example.com") }
            #expect(notes.count == 1)
            #expect(notes.first?.contains("plan: gold") == true && notes.first?.contains("page: /pricing") == true)
            let own = try await visitor.post(client, "PublicChat", "ChatHistory", ["ChatID": chat])
            #expect(!Flow.texts(own.json).contains { $0.hasPrefix("Website:") })
        }
    }

    @Test("ChatEngine's own pages (the generator's preview) may bind whatever the list says; the host comes from the request, not the client")
    func ownSite() async throws {
        try await WebHarness.with(Self.listed) { harness, client async throws in
            _ = try await Flow.externalAgent(harness, client)
            let (visitor, chat) = try await Flow.visitorRequest(client)
            let token = try #require(visitor.visitorToken)
            let person = Person.visitor(try #require(try await harness.env.engine.sessions.visitor(token)))
            let fields = try WidgetFields()
            await #expect(throws: WidgetError.originNotAllowed("http://chat.example:8080")) {
                try await harness.env.service.bindWidget(ChatID(Int64(chat)!), by: person, hostOrigin: "http://chat.example:8080",
                    fields: fields, ownAuthority: "other.example:8080")
            }
            let own = try await harness.env.service.bindWidget(ChatID(Int64(chat)!), by: person,
                hostOrigin: "http://chat.example:8080", fields: fields, ownAuthority: "Chat.Example:8080")
            #expect(own.hostOrigin == "http://chat.example:8080")
            // the middleware puts the request's host first, so a client's own ChatEngineRequestHost never counts
            let request = Request(head: HTTPRequest(method: .post, scheme: "http", authority: "chat.example:8080",
                path: "/otrs/public.pl?ChatEngineRequestHost=evil.example;Action=PublicChat"), body: .init(buffer: ByteBuffer()))
            let rewritten = WidgetGate.withOwnHost(request)
            #expect(FormParameters(query: rewritten.uri.query, body: "ChatEngineRequestHost=evil2.example")["ChatEngineRequestHost"]
                == "chat.example:8080")
            #expect(FormParameters(query: rewritten.uri.query, body: nil)["Action"] == "PublicChat")
        }
    }

    @Test("bad visitor data is refused with what is wrong")
    func badFields() async throws {
        try await WebHarness.with { harness, client async throws in
            _ = try await Flow.externalAgent(harness, client)
            let (visitor, chat) = try await Flow.visitorRequest(client)
            for (fields, problem) in [("[1]", "JSON object"), (#"{"pdata":{"bad key":"x"}}"#, "bad key"),
                (#"{"pdata":{"a":{"b":1}}}"#, "string, number or boolean"),
                ("{\"udata\":{\"long\":\"\(String(repeating: "x", count: 501))\"}}", "longer than 500")]
            {
                let refused = try await visitor.post(client, "PublicChat", "WidgetBind",
                    ["ChatID": chat, "HostOrigin": "https://a.example", "Fields": fields])
                #expect(refused.status == .badRequest, "\(fields)")
                #expect(refused.json["Error"]?["Message"]?.stringValue?.contains(problem) == true, "\(refused.json.text)")
            }
        }
    }

    @Test("a bad AllowedOrigins entry is a config error naming the setting and the entry")
    func badSetting() throws {
        let home = try WebHarness.makeHome("$Self->{'ChatEngine::PublicInterface::AllowedOrigins'} = ['https://ok.example', 'www.example.com/shop'];")
        defer { try? FileManager.default.removeItem(at: home) }
        do {
            _ = try LiveConfig(home: home.path)
            Issue.record("the bad entry was accepted")
        } catch {
            let text = "\(error)"
            #expect(text.contains("ChatEngine::PublicInterface::AllowedOrigins") && text.contains("www.example.com/shop"), "\(text)")
        }
    }
}
