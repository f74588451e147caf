import ChatCore
import ChatJSON
import ChatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import SysConfig
import Testing

@testable import ChatWeb

/// Through HTTP: a customer user's stored language (chosen on the customer chat page with ChatEngine's own
/// directory) wins over `Lang` and the browser's `Accept-Language`; choosing it needs a POST with the
/// session's challenge token and an available language, and changes nobody else's.
@Suite("A customer user's language over HTTP", .timeLimit(.minutes(3)))
struct CustomerLanguageWebTests {
    static func chatPage(_ client: any TestClientProtocol, _ session: WebSession, query: String = "", language: String?) async throws
        -> String
    {
        var headers: HTTPFields = [:]
        if let cookie = session.cookie { headers[.cookie] = cookie }
        if let language { headers[.acceptLanguage] = language }
        let response = try await client.execute(uri: "/otrs/customer.pl?Action=CustomerChat\(query)", method: .get, headers: headers)
        #expect(response.status == .ok)
        return String(buffer: response.body)
    }

    static func choose(_ client: any TestClientProtocol, _ session: WebSession, _ language: String, challenge: String?,
        method: HTTPRequest.Method = .post) async throws -> TestResponse
    {
        var values = ["Action": "CustomerPreferences", "Subaction": "UpdateLanguage", "UserLanguage": language]
        if let challenge { values["ChallengeToken"] = challenge }
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .acceptLanguage: "en"]
        if let cookie = session.cookie { headers[.cookie] = cookie }
        if method == .get {
            return try await client.execute(uri: "/otrs/customer.pl?\(WebSession.form(values))", method: .get, headers: headers)
        }
        return try await client.execute(uri: "/otrs/customer.pl", method: .post, headers: headers,
            body: ByteBuffer(string: WebSession.form(values)))
    }

    @Test("a customer user who chose Deutsch gets a German page despite Accept-Language: en and Lang=en; the choice needs the challenge token")
    func storedLanguageWins() async throws {
        try await WebHarness.with { harness, client async throws in
            for login in ["lena", "otto"] {
                _ = try await harness.env.engine.administration.addCustomerUser(login: login, customerID: "example",
                    email: "\(login)@example.com", firstName: login.capitalized, lastName: "Kunde", password: "secret-\(login)")
            }
            let lena = try await WebSession.login(client, .customer, "lena", "secret-lena")

            let before = try await Self.chatPage(client, lena, language: "en")
            #expect(before.contains("<html lang=\"en\">") && before.contains(">Save language</button>"))
            #expect(before.contains("<label for=\"ce-language\">Language</label>"), "the chooser is labelled")
            #expect(before.contains("<option value=\"de\" lang=\"de\">Deutsch</option>"), "languages by their own names")
            #expect(before.contains("<option value=\"en\" lang=\"en\" selected>English</option>"))
            #expect(before.contains("action=\"\(Interface.customer.script)?Action=CustomerPreferences\""))

            // refused: without the token, with a wrong one, as a GET, an unknown language
            #expect(try await Self.choose(client, lena, "de", challenge: nil).status == .forbidden)
            #expect(try await Self.choose(client, lena, "de", challenge: "forged").status == .forbidden)
            #expect(try await Self.choose(client, lena, "de", challenge: lena.challenge, method: .get).status == .methodNotAllowed)
            let unknown = try await Self.choose(client, lena, "xx", challenge: lena.challenge)
            #expect(unknown.status == .badRequest)
            #expect(String(buffer: unknown.body).contains("Language"), "the error names the field")
            #expect(try await Self.chatPage(client, lena, language: "en").contains("<html lang=\"en\">"), "nothing was stored")

            let chosen = try await Self.choose(client, lena, "de", challenge: lena.challenge)
            #expect(chosen.status == .seeOther)
            #expect(chosen.headers[.location] == "\(Interface.customer.script)?Action=CustomerChat")

            let german = try await Self.chatPage(client, lena, language: "en")
            #expect(german.contains("<html lang=\"de\">") && german.contains(">Sprache speichern</button>"))
            #expect(german.contains(">Neue Unterhaltung</button>"))
            #expect(german.contains("<option value=\"de\" lang=\"de\" selected>Deutsch</option>"))
            let config = try #require(WebSession.pageConfig(german))
            #expect(config["Language"] == "de" && config["Translations"]?["Start chat"] == "Chat starten")
            #expect(try await Self.chatPage(client, lena, query: ";Lang=en", language: "en").contains("<html lang=\"de\">"),
                "the stored choice comes before Lang")

            // someone else's page is unchanged
            let otto = try await WebSession.login(client, .customer, "otto", "secret-otto")
            #expect(try await Self.chatPage(client, otto, language: "en").contains("<html lang=\"en\">"))
            #expect(try await Self.chatPage(client, otto, language: "de").contains("<html lang=\"de\">"))

            // back to the browser's language: English again, and the stored code that is no longer known falls through
            #expect(try await Self.choose(client, lena, "en", challenge: lena.challenge).status == .seeOther)
            #expect(try await Self.chatPage(client, lena, language: "de").contains("<html lang=\"en\">"))
            guard case .customer(let id) = try #require(try await harness.env.engine.sessions.session(
                String(try #require(lena.cookie?.split(separator: "=", maxSplits: 1).last))))?.person
            else {
                Issue.record("lena's session is a customer user's")
                return
            }
            try await harness.store.setCustomerPreference(.language, value: "xx", for: id)
            #expect(try await Self.chatPage(client, lena, language: "de").contains("<html lang=\"de\">"),
                "an unknown stored code falls back to Accept-Language")
        }
    }

    @Test("the language rule: stored preference, Lang, Accept-Language, English; visitors and agents as before")
    func resolutionOrder() throws {
        let translator = Translator(languages: ["de": ["Chat": "Chat"]])
        func caller(_ interface: Interface, _ stored: String?) -> Caller {
            var caller = Caller.anonymous(interface, clientAddress: "192.0.2.1")
            caller.preferredLanguage = stored
            return caller
        }
        func code(_ caller: Caller, lang: String?, accept: String?) -> String {
            PageLanguage.resolve(for: caller, lang: lang, acceptLanguage: accept, translator: translator).code
        }
        #expect(code(caller(.customer, "de"), lang: "en", accept: "en") == "de")
        #expect(code(caller(.customer, "xx"), lang: "de", accept: "en") == "de", "an unknown stored code falls to Lang")
        #expect(code(caller(.customer, "xx"), lang: nil, accept: "de") == "de", "… and then to Accept-Language")
        #expect(code(caller(.customer, nil), lang: nil, accept: "fr") == "en")
        #expect(code(caller(.public, "de"), lang: nil, accept: "en") == "en", "visitors have no stored language")
        #expect(code(caller(.agent, "de"), lang: "de", accept: "de") == "en", "agents' screens stay English")
    }
}
