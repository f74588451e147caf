import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// Single sign-on with the seeded Znuny 7's sessions table: session rows written as Znuny writes them, with
/// times on the test's clock.
@Suite("single sign-on with the ticket system's sessions", .serialized)
struct SingleSignOnTests {
    /// Writes a session of `login` (Znuny's UserID `userID`) as Znuny does: one row per key.
    static func writeSession(_ owner: PostgresBackend, userID: Int, login: String, type: String = "User",
        address: String = "127.0.0.1", start: Date, lastRequest: Date) async throws -> String
    {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let id = String((0..<32).map { _ in alphabet.randomElement()! })
        let values = ["UserID": String(userID), "UserLogin": login, "UserType": type, "SessionSource": "AgentInterface",
            "UserRemoteAddr": address, "UserSessionStart": String(Int(start.timeIntervalSince1970)),
            "UserLastRequest": String(Int(lastRequest.timeIntervalSince1970)), "UserChallengeToken": "not-ours"]
        for (key, value) in values {
            _ = try await owner.read("INSERT INTO sessions (session_id, data_key, data_value, serialized) VALUES (?, ?, ?, 0)",
                [.text(id), .text(key), .text(value)])
        }
        return id
    }

    static func deleteSession(_ owner: PostgresBackend, _ id: String) async throws {
        _ = try await owner.read("DELETE FROM sessions WHERE session_id = ?", [.text(id)])
    }

    static func owner() async throws -> PostgresBackend {
        let url = try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_ZNUNY_URL"])
        return try await PostgresBackend.open(try #require(PostgresBackend.Endpoint(url: url)))
    }

    @Test("a valid Znuny session signs the agent on; forged, foreign, other-address and expired IDs do not")
    func signOn() async throws {
        let owner = try await Self.owner()
        let clock = TestClock()
        let now = clock.now
        let valid = try await Self.writeSession(owner, userID: 4, login: "agent.owner", start: now, lastRequest: now)
        let customerType = try await Self.writeSession(owner, userID: 4, login: "agent.owner", type: "Customer", start: now,
            lastRequest: now)
        let idle = try await Self.writeSession(owner, userID: 4, login: "agent.owner", start: now.addingTimeInterval(-8000),
            lastRequest: now.addingTimeInterval(-7300))
        let old = try await Self.writeSession(owner, userID: 4, login: "agent.owner", start: now.addingTimeInterval(-60_000),
            lastRequest: now)
        let invalidAgent = try await Self.writeSession(owner, userID: 7, login: "agent.invalid", start: now, lastRequest: now)
        do {
            try await TicketSystemDirectoryTests.withEngine(clock: clock) { engine, directory in
                _ = try await directory.refresh()
                let owner = try #require(try await engine.directory.agents().first { $0.login == "agent.owner" })
                let login = try #require(try await engine.sessions.signOn(ticketSession: valid, asAgent: true,
                    clientAddress: "127.0.0.1"))
                #expect(login.person == .agent(owner.id))
                #expect(try await engine.sessions.session(login.token)?.person == .agent(owner.id))
                for (id, address, asAgent, why) in [
                    (valid, "127.0.0.2", true, "another address (SessionCheckRemoteIP)"),
                    (valid, "127.0.0.1", false, "an agent's session in the customer interface"),
                    (customerType, "127.0.0.1", true, "a customer's session in the agent interface"),
                    (idle, "127.0.0.1", true, "idle beyond SessionMaxIdleTime"),
                    (old, "127.0.0.1", true, "older than SessionMaxTime"),
                    (invalidAgent, "127.0.0.1", true, "an agent set invalid after the session began"),
                    ("Q8zv9Y2kF0aL4mN7pR1sT6uW3xZ5bC8d", "127.0.0.1", true, "forged"),
                    ("x' OR '1'='1", "127.0.0.1", true, "not an ID at all"),
                ] {
                    #expect(try await engine.sessions.signOn(ticketSession: id, asAgent: asAgent, clientAddress: address) == nil,
                        "\(why)")
                }
            }
        } catch {
            for id in [valid, customerType, idle, old, invalidAgent] { try? await Self.deleteSession(owner, id) }
            await owner.close()
            throw error
        }
        for id in [valid, customerType, idle, old, invalidAgent] { try await Self.deleteSession(owner, id) }
        await owner.close()
    }

    @Test("a customer user signs on with their Znuny customer session")
    func customerSignOn() async throws {
        let owner = try await Self.owner()
        let clock = TestClock()
        let id = try await Self.writeSession(owner, userID: 1, login: "jdoe", type: "Customer", start: clock.now,
            lastRequest: clock.now)
        do {
            try await TicketSystemDirectoryTests.withEngine(clock: clock) { engine, _ in
                let login = try #require(try await engine.sessions.signOn(ticketSession: id, asAgent: false,
                    clientAddress: "127.0.0.1"))
                #expect(try await engine.directory.name(of: login.person) == "John Doe")
            }
        } catch {
            try? await Self.deleteSession(owner, id)
            await owner.close()
            throw error
        }
        try await Self.deleteSession(owner, id)
        await owner.close()
    }

    @Test("the bound session: idle in Znuny but active in chat stays until SessionMaxTime; Znuny's logout ends it at the next check")
    func boundSession() async throws {
        let owner = try await Self.owner()
        let clock = TestClock()
        let first = try await Self.writeSession(owner, userID: 4, login: "agent.owner", start: clock.now, lastRequest: clock.now)
        let second = try await Self.writeSession(owner, userID: 4, login: "agent.owner", start: clock.now, lastRequest: clock.now)
        do {
            try await TicketSystemDirectoryTests.withEngine(
                overrides: "    $Self->{'ChatEngine::Directory::SessionCheckInterval'} = 30;", clock: clock
            ) { engine, directory in
                _ = try await directory.refresh()
                let chatting = try #require(try await engine.sessions.signOn(ticketSession: first, asAgent: true,
                    clientAddress: "127.0.0.1"))
                // Znuny's row is never refreshed (a read-only check cannot), its idle time passes; chat activity
                // keeps ChatEngine's session alive until SessionMaxTime (16 h) after Znuny's session began
                for _ in 0..<15 {
                    clock.advance(3600)
                    #expect(try await engine.sessions.session(chatting.token) != nil)
                }
                #expect(try await engine.sessions.signOn(ticketSession: first, asAgent: true, clientAddress: "127.0.0.1") == nil,
                    "Znuny itself would no longer take that session for a new sign-on")
                clock.advance(3601)
                #expect(try await engine.sessions.session(chatting.token) == nil, "SessionMaxTime passed")

                // logging out of Znuny deletes its rows: the bound session ends at the next check, not before
                clock.advance(-57_600)
                let loggedIn = try #require(try await engine.sessions.signOn(ticketSession: second, asAgent: true,
                    clientAddress: "127.0.0.1"))
                try await Self.deleteSession(owner, second)
                clock.advance(10)
                #expect(try await engine.sessions.session(loggedIn.token) != nil, "checked only every 30 s")
                clock.advance(25)
                #expect(try await engine.sessions.session(loggedIn.token) == nil, "gone from Znuny")
            }
        } catch {
            for id in [first, second] { try? await Self.deleteSession(owner, id) }
            await owner.close()
            throw error
        }
        for id in [first, second] { try await Self.deleteSession(owner, id) }
        await owner.close()
    }

    @Test("single sign-on off, or ChatEngine's own directory: nobody signs on; SingleSignOnOnly turns password logins off")
    func switches() async throws {
        let owner = try await Self.owner()
        let clock = TestClock()
        let id = try await Self.writeSession(owner, userID: 4, login: "agent.owner", start: clock.now, lastRequest: clock.now)
        do {
            try await TicketSystemDirectoryTests.withEngine(
                overrides: "    $Self->{'ChatEngine::Directory::SingleSignOn'} = 0;", clock: clock
            ) { engine, _ async throws in
                #expect(try await engine.sessions.signOn(ticketSession: id, asAgent: true, clientAddress: "127.0.0.1") == nil)
                #expect(try await engine.sessions.loginAgent("agent.owner", password: "Owner-Bcrypt#3") != nil)
            }
            try await TicketSystemDirectoryTests.withEngine(
                overrides: "    $Self->{'ChatEngine::Directory::SingleSignOnOnly'} = 1;", clock: clock
            ) { engine, _ async throws in
                #expect(engine.sessions.passwordLoginIsOff)
                #expect(try await engine.sessions.loginAgent("agent.owner", password: "Owner-Bcrypt#3") == nil)
                #expect(try await engine.sessions.signOn(ticketSession: id, asAgent: true, clientAddress: "127.0.0.1") != nil)
            }
        } catch {
            try? await Self.deleteSession(owner, id)
            await owner.close()
            throw error
        }
        try await Self.deleteSession(owner, id)
        await owner.close()
    }
}
