import ChatCore
import ChatJSON
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// Through HTTP: the public page in the visitor's language, refusals in it too, and abuse protection
/// (blocked ranges, "Block this visitor" with its authorization and challenge) seen per client address
/// behind a trusted proxy.
@Suite("Texts in the visitor's language and abuse protection over HTTP", .timeLimit(.minutes(3)))
struct LanguageAndAbuseTests {
    @Test("the public page speaks German to Accept-Language: de, English with Lang=en or without a header")
    func germanPage() async throws {
        try await WebHarness.with { _, client async throws in
            func page(_ query: String, _ language: String?) async throws -> String {
                var headers: HTTPFields = [:]
                if let language { headers[.acceptLanguage] = language }
                return String(buffer: try await client.execute(uri: "/otrs/public.pl?\(query)", method: .get, headers: headers).body)
            }
            let german = try await page("Action=PublicChat", "fr;q=0.9, de-AT;q=0.8, en;q=0.1")
            #expect(german.contains("<html lang=\"de\">") && german.contains(">Chat starten</button>") && german.contains(">Ihr Name</label>"))
            let config = try #require(WebSession.pageConfig(german))
            #expect(config["Language"] == "de" && config["Translations"]?["Start chat"] == "Chat starten")
            let serverTime = try #require(config["ServerTime"]?.stringValue)
            #expect(serverTime.hasSuffix("Z") && serverTime.count == 24, "the server's clock as ISO 8601 with milliseconds: \(serverTime)")
            #expect(config["Settings"]?["Texts"]?["NotYetAccepted"]?.stringValue?.hasPrefix("Your chat request") == true,
                "the configured texts travel as configured; the page translates them with its dictionary")
            let english = try await page("Action=PublicChat;Lang=en", "de")
            #expect(english.contains("<html lang=\"en\">") && english.contains(">Start chat</button>"))
            #expect(WebSession.pageConfig(english)?["Translations"] == .object([]))
            let none = try await page("Action=PublicChat", nil)
            #expect(none.contains(">Start chat</button>"))
        }
    }

    @Test("blocked ranges and an agent's block refuse clearly (in the visitor's language); other addresses chat on")
    func blockedAndBlocking() async throws {
        let config = """
                $Self->{'ChatEngine::TrustedProxies'} = '127.0.0.1 ::1';
                $Self->{'ChatEngine::PublicInterface::BlockedIPRanges'} = ['203.0.113.0/24', '2001:db8::/32'];
                $Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerIP'} = 1000;
                $Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerVisitor'} = 1000;
                $Self->{'ChatEngine::Messages::BurstPerSender'} = 1000;
            """
        try await WebHarness.with(config, limits: false, setup: .live) { harness, client async throws in
            func request(from address: String, token: String? = nil, language: String? = nil) async throws -> (HTTPResponse.Status, JSON) {
                var values = ["Action": "PublicChat", "Subaction": "CreateChatRequest", "Name": "Vera", "Message": "Hello"]
                if let token { values["VisitorToken"] = token }
                var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .xForwardedFor: "\(address), 127.0.0.1"]
                if let language { headers[.acceptLanguage] = language }
                let response = try await client.execute(uri: "/otrs/public.pl", method: .post, headers: headers,
                    body: ByteBuffer(string: WebSession.form(values)))
                return (response.status, JSON.parse(String(buffer: response.body)) ?? .null)
            }
            let olga = try await Flow.externalAgent(harness, client)
            let (rangeStatus, rangeAnswer) = try await request(from: "203.0.113.77")
            #expect(rangeStatus == .forbidden && rangeAnswer.errorCode == "Blocked")
            #expect(rangeAnswer["Error"]?["Message"] == "Chat requests from your network are not accepted.")
            let (_, german) = try await request(from: "2001:db8::9", language: "de")
            #expect(german["Error"]?["Message"] == "Chat-Anfragen aus Ihrem Netzwerk werden nicht angenommen.")

            let (created, answer) = try await request(from: "198.51.100.1")
            #expect(created == .ok)
            let chat = try #require(answer.data?["ChatID"]?.int.map(String.init) ?? answer.data?["ChatID"].map { $0.text })
            let token = try #require(answer.data?["VisitorToken"]?.stringValue)
            #expect(try await olga.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)

            // a state change: without the challenge token it is refused
            let noChallenge = try await olga.post(client, "AgentChat", "VisitorBlock", ["ChatID": chat], challenge: false)
            #expect(!noChallenge.json.ok && noChallenge.status == .forbidden)
            // an agent who is not in the chat may not block
            _ = try await harness.addAgent("pete", first: "Pete", last: "Agent")
            let pete = try await WebSession.login(client, .agent, "pete", "secret-pete")
            let notIn = try await pete.post(client, "AgentChat", "VisitorBlock", ["ChatID": chat])
            #expect(notIn.status == .forbidden && notIn.json.errorCode == "NotInChat")
            let blocked = try await olga.post(client, "AgentChat", "VisitorBlock", ["ChatID": chat])
            #expect(blocked.json.ok, "\(blocked.json.text)")

            let (again, refusal) = try await request(from: "192.0.2.200", token: token)
            #expect(again == .forbidden && refusal.errorCode == "Blocked", "the blocked token from another address")
            let (sameAddress, _) = try await request(from: "198.51.100.1")
            #expect(sameAddress == .forbidden, "a new token from the blocked address")
            let (other, _) = try await request(from: "198.51.100.2")
            #expect(other == .ok, "another visitor is not affected")
            harness.clock.advance(86401)
            _ = try await Flow.externalAgent(harness, client)  // a day later: somebody staffs the channel again
            let (expired, _) = try await request(from: "198.51.100.1")
            #expect(expired == .ok, "the block expired")
        }
    }
}
