import Foundation
import Hummingbird
import HummingbirdTesting
import MariaDBClient
import Testing

@testable import ChatWeb

/// `chatengine serve` beside the seeded Znuny 7 on MariaDB (scripts/with-mariadb.sh): the DSN's driver picks
/// the reader; logins and session cookies are matched as Znuny matches them there.
@Suite("chatengine serve beside Znuny on MariaDB", .serialized, .timeLimit(.minutes(3)))
struct TicketSystemServerMariaDBTests {
    static var port: String {
        get throws {
            try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_MARIADB_PORT"],
                "run the tests with `make test`, which starts MariaDB with the Znuny fixture")
        }
    }

    static func home(port: String, extra: String = "") throws -> URL {
        try WebHarness.makeHome("""
                $Self->{'ChatEngine::Directory::Backend'} = 'TicketSystemDatabase';
                $Self->{'ChatEngine::Directory::RefreshInterval'} = 1;
                $Self->{'ChatEngine::Directory::Timeout'} = 2;
                $Self->{'ChatEngine::Directory::SessionCheckInterval'} = 1;
                $Self->{'ChatEngine::DefaultChatChannelGroup'} = 'support';
                $Self->{DatabaseDSN} = 'DBI:mysql:database=znuny;host=127.0.0.1;port=\(port)';
                $Self->{DatabaseUser} = 'chatengine_ro';
                $Self->{DatabasePw} = 'ro-fixture-pw';
            \(extra)
            """)
    }

    @Test("an agent logs in typing their login in another case; Znuny's cookie in another case signs on; its logout ends the session")
    func loginAndSignOn() async throws {
        let owner = MariaDBPool(endpoint: MariaDBEndpoint(host: "127.0.0.1", port: Int(try Self.port) ?? 0, database: "znuny",
            user: "znuny", password: "znuny-db-pw", readOnly: false), size: 1)
        defer { owner.close() }
        let id = String((0..<32).map { _ in Array("abcdefghijklmnopqrstuvwxyz0123456789").randomElement()! })
        let now = String(Int(Date().timeIntervalSince1970))
        for (key, value) in ["UserID": "4", "UserLogin": "agent.owner", "UserType": "User", "UserRemoteAddr": "127.0.0.1",
            "UserSessionStart": now, "UserLastRequest": now]
        {
            _ = try await owner.withConnection {
                try $0.query("INSERT INTO sessions (session_id, data_key, data_value, serialized) VALUES (?, ?, ?, 0)",
                    [.text(id), .text(key), .text(value)])
            }
        }
        let home = try Self.home(port: try Self.port)
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home, arguments: ["--assets", ServerProcess.repositoryRoot.path])
        do {
            _ = try await server.waitForHealth { _ in true }
            try await ProcessHTTP.with(port: server.port) { http in
                let refused = try await http.execute(Interface.agent.script, method: .post,
                    form: WebSession.form(["Action": "Login", "User": "ZAdmin", "Password": "wrong"]))
                #expect(refused.status == .unauthorized)
                let session = try await http.login(.agent, "ZAdmin", "Adm1n-Sha2!")
                #expect(session.challenge != nil, "the chat page of Znuny's zadmin")

                let signedOn = try await http.execute("\(Interface.agent.script)?Action=AgentChat", method: .get,
                    headers: [.cookie: "OTRSAgentInterface=\(id.uppercased())"])
                #expect(signedOn.status == .seeOther)
                let cookie = String(try #require(signedOn.headers[.setCookie]).split(separator: ";")[0])
                _ = try await owner.withConnection { try $0.query("DELETE FROM sessions WHERE session_id = ?", [.text(id)]) }
                try await Task.sleep(for: .milliseconds(2500))  // past the check interval
                let page = try await http.execute("\(Interface.agent.script)?Action=AgentChat", method: .get,
                    headers: [.cookie: cookie])
                #expect(String(buffer: page.body ?? ByteBuffer()).contains("name=\"Password\""), "the session ended")
            }
            #expect(!server.outputText().contains(id) && !server.outputText().contains(id.uppercased()))
        } catch {
            server.terminate()
            _ = await server.waitForExit(seconds: 10)
            _ = try? await owner.withConnection { try $0.query("DELETE FROM sessions WHERE session_id = ?", [.text(id)]) }
            throw error
        }
        server.terminate()
        _ = await server.exitOrKill(within: 20, failure: "the server did not stop")
    }

    @Test("MariaDB unreachable at start: the server starts, /health says why with 503")
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
            let (status, body) = try #require(health, "\(server.outputText())")
            #expect(status == 503)
            let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            let problem = (object["directory"] as? [String: Any])?["problem"] as? String
            #expect(problem?.contains("127.0.0.1:9 (znuny)") == true, "\(object)")
            #expect(!server.outputText().contains("ro-fixture-pw"), "no password in the log")
        } catch {
            server.terminate()
            _ = await server.waitForExit(seconds: 10)
            throw error
        }
        server.terminate()
        _ = await server.exitOrKill(within: 20, failure: "the server did not stop")
    }
}
