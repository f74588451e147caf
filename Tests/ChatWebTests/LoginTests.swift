import ChatEngine
import ChatJSON
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

@Suite("Logins, sessions and first start", .timeLimit(.minutes(2)))
struct LoginTests {
    @Test("the first start creates root@localhost and a customer user with random passwords, kept 0600")
    func firstStart() async throws {
        try await WebHarness.with { harness, client async throws in
            let file = harness.home.appendingPathComponent("var/initial-credentials").path
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(text.contains("agent.login=root@localhost"))
            #expect(harness.credentials.agentPassword.count == 18)
            #expect(harness.credentials.agentPassword != harness.credentials.customerPassword)
            // a second start on the same database creates nothing
            #expect(try await FirstStart(administration: harness.env.engine.administration).runIfNewDatabase(home: harness.home.path) == nil)
            let agent = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            #expect(agent.challenge?.count == 64)
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            #expect(customer.challenge != nil)
        }
    }

    @Test("the session cookie is HttpOnly; a wrong password shows the login form with an error")
    func loginForm() async throws {
        try await WebHarness.with { harness, client async throws in
            let ok = try await client.execute(uri: "/otrs/index.pl", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: WebSession.form(["Action": "Login", "User": "root@localhost",
                    "Password": harness.credentials.agentPassword])))
            let cookie = try #require(ok.headers[.setCookie])
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/otrs"))
            let bad = try await client.execute(uri: "/otrs/index.pl", method: .post,
                headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "Action=Login;User=root@localhost;Password=wrong"))
            #expect(bad.status == .unauthorized)
            #expect(String(buffer: bad.body).contains("Login failed!"))
            // no session: the agent screen is the login form, a JSON Subaction a typed refusal
            let page = try await client.execute(uri: "/otrs/index.pl?Action=AgentChat", method: .get)
            #expect(String(buffer: page.body).contains("name=\"Password\""))
            let json = try await WebSession(interface: .agent, cookie: nil, challenge: nil)
                .post(client, "AgentChat", "ChatListUpdate", challenge: false)
            #expect(json.status == .unauthorized && json.json.errorCode == "NoSession")
        }
    }

    @Test("failed logins are limited per account and per IP, and the limit releases after an hour")
    func throttles() async throws {
        try await WebHarness.with("    $Self->{'ChatEngine::Login::MaxFailuresPerHour'} = 3;", limits: false) { harness, client async throws in
            func attempt(_ user: String, _ password: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/otrs/index.pl", method: .post,
                    headers: [.contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: WebSession.form(["Action": "Login", "User": user, "Password": password]))).status
            }
            let password = harness.credentials.agentPassword
            for _ in 0..<3 { #expect(try await attempt("root@localhost", "wrong") == .unauthorized) }
            // the account is locked now, even with the right password
            #expect(try await attempt("root@localhost", password) == .tooManyRequests)
            harness.clock.advance(3601)
            #expect(try await attempt("root@localhost", password) == .seeOther)
            // per IP: failures spread over several accounts still count for the address
            for index in 0..<3 { #expect(try await attempt("nobody-\(index)", "wrong") == .unauthorized) }
            #expect(try await attempt("root@localhost", password) == .tooManyRequests)
            harness.clock.advance(3601)
            #expect(try await attempt("root@localhost", password) == .seeOther)
        }
    }

    @Test("logout needs the challenge token and ends the session")
    func logout() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let refused = try await agent.get(client, "Action=Logout")
            #expect(refused.status == .forbidden)
            #expect(try await agent.post(client, "AgentChat", "ChatListUpdate", challenge: false).status == .ok)
            _ = try await agent.get(client, "Action=Logout;ChallengeToken=\(agent.challenge ?? "")")
            #expect(try await agent.post(client, "AgentChat", "ChatListUpdate", challenge: false).json.errorCode == "NoSession")
        }
    }

    @Test("sessions expire after the idle time")
    func expiry() async throws {
        try await WebHarness.with { harness, client async throws in
            let agent = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            harness.clock.advance(2 * 3600 + 1)
            #expect(try await agent.post(client, "AgentChat", "ChatListUpdate", challenge: false).json.errorCode == "NoSession")
        }
    }
}
