import ChatJSON
import ChatStore
import ChatTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// `chatengine serve` beside the seeded Znuny 7 (database `znuny` of the test command's PostgreSQL): its
/// people log in, an agent invalidated there loses their socket, an unreachable database is reported, and a
/// set-up ChatEngine cannot honour stops the start.
@Suite("chatengine serve beside Znuny", .serialized, .timeLimit(.minutes(3)))
struct TicketSystemServerTests {
    static func home(port: String, extra: String = "") throws -> URL {
        try WebHarness.makeHome("""
                $Self->{'ChatEngine::Directory::Backend'} = 'TicketSystemDatabase';
                $Self->{'ChatEngine::Directory::RefreshInterval'} = 1;
                $Self->{'ChatEngine::Directory::Timeout'} = 2;
                $Self->{'ChatEngine::DefaultChatChannelGroup'} = 'support';
                $Self->{DatabaseDSN} = 'DBI:Pg:dbname=znuny;host=127.0.0.1;port=\(port)';
                $Self->{DatabaseUser} = 'chatengine_ro';
                $Self->{DatabasePw} = 'ro-fixture-pw';
            \(extra)
            """)
    }

    static var znunyPort: String {
        get throws {
            try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_ZNUNY_PORT"],
                "run the tests with `make test`, which loads the Znuny fixture")
        }
    }

    @Test("a Znuny agent logs in with their Znuny password; invalidated in Znuny, their socket closes within the refresh interval")
    func invalidationClosesSockets() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_ZNUNY_URL"])
        let owner = try await PostgresBackend.open(try #require(PostgresBackend.Endpoint(url: url)))
        let login = "agent.web.\(UUID().uuidString.prefix(6).lowercased())"
        let id = try await ZnunyAgents.add(owner, login: login, password: "Web-Pass#1", firstName: "Web", lastName: "Agent")
        // rw on users opens the chat screen (its registration's group), as for any Znuny agent
        try await ZnunyAgents.grant(owner, id, "rw", on: "users")
        let home = try Self.home(port: try Self.znunyPort)
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home, arguments: ["--assets", ServerProcess.repositoryRoot.path])
        do {
            _ = try await server.waitForHealth { _ in true }
            #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("var/initial-credentials").path),
                "beside a ticket system no accounts are created")
            let agent = try await ProcessHTTP.with(port: server.port) { http in
                let refused = try await http.execute(Interface.agent.script, method: .post,
                    form: WebSession.form(["Action": "Login", "User": login, "Password": "wrong"]))
                #expect(refused.status == .unauthorized)
                return try await http.login(.agent, login, "Web-Pass#1")
            }
            try await TestSocket.open(port: server.port, query: "Interface=Agent&ChallengeToken=\(agent.challenge ?? "")",
                cookie: agent.cookie) { socket in
                try await socket.send(["Type": "Hello", "Since": [:]])
                _ = try await socket.next("Snapshot")
                _ = try await owner.read("UPDATE users SET valid_id = 2 WHERE id = ?", [.int(id)])
                let error = try await socket.next("Error", limit: 50)
                #expect(error["Error"]?["Code"] == "NoSession")
                #expect(socket.socket.nextFrame().closeCode == 4401)
            }
            try await ProcessHTTP.with(port: server.port) { http in
                let page = try await http.execute("\(Interface.agent.script)?Action=AgentChat", method: .get,
                    headers: [.cookie: agent.cookie ?? ""])
                #expect(String(buffer: page.body ?? ByteBuffer()).contains("name=\"Password\""), "the session ended")
            }
        } catch {
            server.terminate()
            _ = await server.waitForExit(seconds: 10)
            try? await ZnunyAgents.remove(owner, id)
            throw error
        }
        server.terminate()
        _ = await server.exitOrKill(within: 20, failure: "the server did not stop")
        try await ZnunyAgents.remove(owner, id)
        await owner.close()
    }

    @Test("single sign-on: the ticket system's cookie opens the chat; a forged one gets the login page; its logout closes the socket")
    func singleSignOn() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_ZNUNY_URL"])
        let owner = try await PostgresBackend.open(try #require(PostgresBackend.Endpoint(url: url)))
        let id = String((0..<32).map { _ in Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789").randomElement()! })
        let now = Int(Date().timeIntervalSince1970)
        for (key, value) in ["UserID": "4", "UserLogin": "agent.owner", "UserType": "User", "UserRemoteAddr": "127.0.0.1",
            "UserSessionStart": String(now), "UserLastRequest": String(now)]
        {
            _ = try await owner.read("INSERT INTO sessions (session_id, data_key, data_value, serialized) VALUES (?, ?, ?, 0)",
                [.text(id), .text(key), .text(value)])
        }
        let home = try Self.home(port: try Self.znunyPort,
            extra: "    $Self->{'ChatEngine::Directory::SessionCheckInterval'} = 1;")
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home, arguments: ["--assets", ServerProcess.repositoryRoot.path])
        do {
            _ = try await server.waitForHealth { _ in true }
            let agent = try await ProcessHTTP.with(port: server.port) { http in
                let forged = try await http.execute("\(Interface.agent.script)?Action=AgentChat", method: .get,
                    headers: [.cookie: "OTRSAgentInterface=Q8zv9Y2kF0aL4mN7pR1sT6uW3xZ5bC8d"])
                #expect(forged.status == .ok)
                #expect(String(buffer: forged.body ?? ByteBuffer()).contains("name=\"Password\""), "the login page")
                let signedOn = try await http.execute("\(Interface.agent.script)?Action=AgentChat", method: .get,
                    headers: [.cookie: "OTRSAgentInterface=\(id)"])
                #expect(signedOn.status == .seeOther)
                #expect(signedOn.headers[.location] == "\(Interface.agent.script)?Action=AgentChat")
                let cookie = String(try #require(signedOn.headers[.setCookie]).split(separator: ";")[0])
                #expect(cookie.hasPrefix("ChatEngineAgent="))
                let page = try await http.execute("\(Interface.agent.script)?Action=AgentChat", method: .get,
                    headers: [.cookie: "\(cookie); OTRSAgentInterface=\(id)"])
                let config = try #require(WebSession.pageConfig(String(buffer: page.body ?? ByteBuffer())), "the chat page")
                return WebSession(interface: .agent, cookie: cookie, challenge: config["ChallengeToken"]?.stringValue)
            }
            try await TestSocket.open(port: server.port, query: "Interface=Agent&ChallengeToken=\(agent.challenge ?? "")",
                cookie: agent.cookie) { socket in
                try await socket.send(["Type": "Hello", "Since": [:]])
                _ = try await socket.next("Snapshot")
                _ = try await owner.read("DELETE FROM sessions WHERE session_id = ?", [.text(id)])  // logout in Znuny
                let error = try await socket.next("Error", limit: 50)
                #expect(error["Error"]?["Code"] == "NoSession")
            }
            #expect(!server.outputText().contains(id), "session IDs never appear in the log")
        } catch {
            server.terminate()
            _ = await server.waitForExit(seconds: 10)
            _ = try? await owner.read("DELETE FROM sessions WHERE session_id = ?", [.text(id)])
            await owner.close()
            throw error
        }
        server.terminate()
        _ = await server.exitOrKill(within: 20, failure: "the server did not stop")
        #expect(!server.outputText().contains(id), "session IDs never appear in the log")
        await owner.close()
    }

    @Test("the ticket system's database unreachable at start: the server starts, /health says why with 503, logins are refused plainly")
    func unreachableAtStart() async throws {
        let home = try Self.home(port: "9")
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home, arguments: ["--assets", ServerProcess.repositoryRoot.path])
        do {
            let deadline = Date().addingTimeInterval(30)
            var health: (status: Int, body: Data)?
            while Date() < deadline {
                health = await server.get("/health")
                if health != nil { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            if health == nil { server.terminate(); _ = await server.waitForExit(seconds: 10) }
            let (status, body) = try #require(health, "\(server.outputText())")
            #expect(status == 503)
            let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            let directory = try #require(object["directory"] as? [String: Any])
            #expect((directory["problem"] as? String)?.contains("127.0.0.1:9") == true, "\(directory)")
            try await ProcessHTTP.with(port: server.port) { http in
                let login = try await http.execute(Interface.agent.script, method: .post,
                    form: WebSession.form(["Action": "Login", "User": "agent.owner", "Password": "Owner-Bcrypt#3"]))
                #expect(login.status == .serviceUnavailable)
                #expect(String(buffer: login.body ?? ByteBuffer()).contains("not possible right now"))
            }
        } catch {
            server.terminate()
            _ = await server.waitForExit(seconds: 10)
            throw error
        }
        server.terminate()
        _ = await server.exitOrKill(within: 20, failure: "the server did not stop")
    }

    @Test("ChatEngine::Directory::DatabaseUser reads as the read-only role instead of the ticket system's DatabaseUser")
    func ownDatabaseUser() async throws {
        let home = try Self.home(port: try Self.znunyPort, extra: """
                $Self->{DatabaseUser} = 'znuny_writer_that_does_not_exist';
                $Self->{'ChatEngine::Directory::DatabaseUser'} = 'chatengine_ro';
                $Self->{'ChatEngine::Directory::DatabasePassword'} = 'ro-fixture-pw';
            """)
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home, arguments: ["--assets", ServerProcess.repositoryRoot.path])
        do {
            _ = try await server.waitForHealth { _ in true }
            try await ProcessHTTP.with(port: server.port) { http in
                _ = try await http.login(.agent, "agent.owner", "Owner-Bcrypt#3")
            }
        } catch {
            server.terminate()
            _ = await server.waitForExit(seconds: 10)
            throw error
        }
        server.terminate()
        _ = await server.exitOrKill(within: 20, failure: "the server did not stop")
    }

    @Test("an authentication module ChatEngine cannot honour stops the start, naming the setting and the file")
    func unsupportedModule() async throws {
        let home = try Self.home(port: try Self.znunyPort, extra: "    $Self->{AuthModule} = 'Kernel::System::Auth::LDAP';")
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home, arguments: ["--assets", ServerProcess.repositoryRoot.path])
        let exit = try #require(await server.exitOrKill(within: 30, failure: "the server kept running"))
        #expect(exit.status != 0)
        let output = server.outputText()
        #expect(output.contains("AuthModule") && output.contains("Kernel::System::Auth::LDAP") && output.contains("Config.pm"),
            "\(output)")
    }
}
