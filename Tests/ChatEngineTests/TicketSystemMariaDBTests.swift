import ChatCore
import ChatEngine
import Foundation
import MariaDBClient
import Testing
import TicketSystemPeople

/// What only MariaDB does (fixtures/otrs/znuny7-live-mysql/DIFFERENCES.md), answered as Znuny answers there.
@Suite("the ticket system's people on MariaDB", .serialized)
struct TicketSystemMariaDBTests {
    struct SpellingCheck { let typed: String, password: String, stored: String }

    /// seed.json `web.mysql_checks.logins`: logins Znuny accepted in another spelling, and which login it stored.
    static func spellingChecks() throws -> [SpellingCheck] {
        let url = TicketSystemDirectoryTests.fixtures.appendingPathComponent("otrs/znuny7-live-mysql/seed.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let checks = try #require((root["web"] as? [String: Any])?["mysql_checks"] as? [String: Any])
        return try #require(checks["logins"] as? [[String: Any]]).compactMap { check in
            guard check["ok"] as? Bool == true, let typed = check["user"] as? String, let password = check["password"] as? String,
                let stored = check["stored_login"] as? String
            else { return nil }
            return SpellingCheck(typed: typed, password: password, stored: stored)
        }
    }

    @Test("logins typed in another case, with a trailing space or an accent log in as Znuny's stored login; a leading space or a 4-byte character does not, without an error")
    func spellings() async throws {
        let checks = try Self.spellingChecks()
        #expect(checks.count == 6)
        let (agents, customers) = try TicketSystemDirectoryTests.seed(.mariadb)
        try await TicketSystemDirectoryTests.withEngine(.mariadb) { engine, directory in
            _ = try await directory.refresh()
            for check in checks {
                if agents.contains(where: { $0.login == check.stored }) {
                    let login = try #require(try await engine.sessions.loginAgent(check.typed, password: check.password), "\(check.typed)")
                    let record = try #require(try await engine.directory.agents().first { $0.id == login.person.agentID })
                    #expect(record.login == check.stored, "the stored login is the agent's: \(check.typed)")
                } else {
                    #expect(customers.contains { $0.login == check.stored })
                    let login = try #require(try await engine.sessions.loginCustomer(check.typed, password: check.password),
                        "\(check.typed)")
                    let exact = try #require(try await engine.sessions.loginCustomer(check.stored, password: check.password))
                    #expect(login.person == exact.person, "one customer user whatever the spelling: \(check.typed)")
                }
            }
            for typed in [" zadmin", "zadmin😀", "😀", "zadmin\u{0}"] {
                #expect(try await engine.sessions.loginAgent(typed, password: "Adm1n-Sha2!") == nil, "\(typed.debugDescription)")
            }
            #expect(try await engine.sessions.loginCustomer("jdoe🙂", password: "Cust-Sha2#1") == nil)
            #expect(directory.problem() == nil, "no database error for any of them")
        }
    }

    @Test("a new agent, a new permission and an invalidation made in Znuny's MariaDB show after a refresh")
    func changesShow() async throws {
        let owner = try TicketSystemEngine.mariaDBOwner()
        let login = "agent.new.\(UUID().uuidString.prefix(6).lowercased())"
        try await owner.run("""
            INSERT INTO users (login, pw, first_name, last_name, valid_id, create_time, create_by, change_time, change_by)
            VALUES (?, SHA2(?, 256), 'Nova', 'Agent', 1, NOW(), 1, NOW(), 1)
            """, [.text(login), .text("New-Pass#9")])
        let id = try #require(try await owner.run("SELECT id FROM users WHERE login = ?", [.text(login)]).first?.int(0))
        func cleanUp() async throws {
            try await owner.run("DELETE FROM group_user WHERE user_id = ?", [.int(id)])
            try await owner.run("DELETE FROM users WHERE id = ?", [.int(id)])
        }
        do {
            try await TicketSystemDirectoryTests.withEngine(.mariadb) { engine, directory in
                _ = try await directory.refresh()
                let session = try #require(try await engine.sessions.loginAgent(login.uppercased(), password: "New-Pass#9"))
                let agent = try #require(session.person.agentID)
                #expect(try await engine.chats.agentContext(agent).permissions.chatLevel(onGroup: "support") == nil)
                try await owner.run("""
                    INSERT INTO group_user (user_id, group_id, permission_key, create_time, create_by, change_time, change_by)
                    SELECT ?, id, 'chat_owner', NOW(), 1, NOW(), 1 FROM permission_groups WHERE name = 'support'
                    """, [.int(id)])
                #expect(try await directory.refresh().isEmpty)
                try await Task.sleep(for: .milliseconds(1100))  // the engine looks at the directory version once a second
                #expect(try await engine.chats.agentContext(agent).permissions.chatLevel(onGroup: "support") == .owner)
                try await owner.run("UPDATE users SET valid_id = 2 WHERE id = ?", [.int(id)])
                #expect(try await directory.refresh() == [agent])
                #expect(try await engine.sessions.session(session.token) == nil)
                #expect(try await engine.sessions.loginAgent(login, password: "New-Pass#9") == nil)
            }
        } catch {
            try? await cleanUp()
            owner.close()
            throw error
        }
        try await cleanUp()
        owner.close()
    }
}
