import ChatCore
import ChatEngine
import Foundation
import MariaDBClient
import Testing

/// Single sign-on with the sessions of the seeded Znuny 7 on MariaDB, where session IDs compare without
/// case and one session's keys may sit under two spellings of its ID (DIFFERENCES.md §3).
@Suite("single sign-on with the ticket system's sessions on MariaDB", .serialized)
struct SingleSignOnMariaDBTests {
    /// The fixture's sessions were written at these epochs; the test clock is pinned a minute after them.
    static func pinned(to epoch: TimeInterval) -> TestClock {
        let clock = TestClock()
        clock.advance(epoch + 60 - clock.now.timeIntervalSince1970)
        return clock
    }

    @Test("the fixture's agent.rw session, split across two spellings of its ID, signs the agent on in any letter case")
    func splitAgentSession() async throws {
        let clock = Self.pinned(to: 1_796_137_451)
        try await TicketSystemDirectoryTests.withEngine(.mariadb, clock: clock) { engine, directory in
            _ = try await directory.refresh()
            let agent = try #require(try await engine.directory.agents().first { $0.login == "agent.rw" })
            // the original spelling lacks its UserLastRequest row: Znuny rewrote it under the swapped one
            for id in ["vQ4GbaEqwmLTdp9KYAmF4zu2TxmbICFd", "Vq4gBAeQWMltDP9kyaMf4ZU2tXMBicfD", "VQ4GBAEQWMLTDP9KYAMF4ZU2TXMBICFD"] {
                let login = try #require(try await engine.sessions.signOn(ticketSession: id, asAgent: true,
                    clientAddress: "127.0.0.1"), "\(id)")
                #expect(login.person == .agent(agent.id))
            }
            for (id, address, asAgent, why) in [
                ("vQ4GbaEqwmLTdp9KYAmF4zu2TxmbICFd", "127.0.0.2", true, "another address"),
                ("vQ4GbaEqwmLTdp9KYAmF4zu2TxmbICFd", "127.0.0.1", false, "an agent's session in the customer interface"),
                ("vQ4GbaEqwmLTdp9KYAmF4zu2TxmbICFe", "127.0.0.1", true, "another ID"),
                ("vQ4GbaEqwmLTdp9KYAmF4zu2TxmbICFd ", "127.0.0.1", true, "a trailing space (PAD SPACE would match it)"),
            ] {
                #expect(try await engine.sessions.signOn(ticketSession: id, asAgent: asAgent, clientAddress: address) == nil, "\(why)")
            }
            clock.advance(7_200)
            #expect(try await engine.sessions.signOn(ticketSession: "Vq4gBAeQWMltDP9kyaMf4ZU2tXMBicfD", asAgent: true,
                clientAddress: "127.0.0.1") == nil, "idle beyond SessionMaxIdleTime")
        }
    }

    @Test("the fixture's c.md5 customer session, split likewise, signs the customer user on")
    func splitCustomerSession() async throws {
        let clock = Self.pinned(to: 1_796_137_451)
        try await TicketSystemDirectoryTests.withEngine(.mariadb, clock: clock) { engine, _ in
            for id in ["6hxnR6bpWmTrGMxQ5jhRbt5VT9Zjn0hJ", "6HXNr6BPwMtRgmXq5JHrBT5vt9zJN0Hj"] {
                let login = try #require(try await engine.sessions.signOn(ticketSession: id, asAgent: false,
                    clientAddress: "127.0.0.1"), "\(id)")
                #expect(try await engine.directory.name(of: login.person) != "")
                guard case .customer = login.person else { Issue.record("not a customer user: \(login.person)"); continue }
            }
        }
    }

    @Test("a session Znuny writes now (times refreshed) signs on through its ID in another case; deleting its rows ends the bound session")
    func boundSession() async throws {
        let owner = try TicketSystemEngine.mariaDBOwner()
        let clock = TestClock()
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let id = String((0..<32).map { _ in alphabet.randomElement()! })
        let now = String(Int(clock.now.timeIntervalSince1970))
        for (key, value) in ["UserID": "4", "UserLogin": "agent.owner", "UserType": "User", "SessionSource": "AgentInterface",
            "UserRemoteAddr": "127.0.0.1", "UserSessionStart": now, "UserLastRequest": now]
        {
            try await owner.run("INSERT INTO sessions (session_id, data_key, data_value, serialized) VALUES (?, ?, ?, 0)",
                [.text(id), .text(key), .text(value)])
        }
        do {
            try await TicketSystemDirectoryTests.withEngine(.mariadb,
                overrides: "    $Self->{'ChatEngine::Directory::SessionCheckInterval'} = 30;", clock: clock
            ) { engine, directory in
                _ = try await directory.refresh()
                let login = try #require(try await engine.sessions.signOn(ticketSession: id.lowercased(), asAgent: true,
                    clientAddress: "127.0.0.1"))
                try await owner.run("DELETE FROM sessions WHERE session_id = ?", [.text(id)])
                clock.advance(35)
                #expect(try await engine.sessions.session(login.token) == nil, "gone from Znuny")
            }
        } catch {
            _ = try? await owner.run("DELETE FROM sessions WHERE session_id = ?", [.text(id)])
            owner.close()
            throw error
        }
        owner.close()
    }
}
