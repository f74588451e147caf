import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Testing

@Suite("Logins, sessions and visitors", .timeLimit(.minutes(3)))
struct AuthenticatorTests {
    /// What every test here starts from: a fresh store, a service on a clock the test moves, and the agent
    /// anna (password "right horse", availability external before any login).
    struct Setup {
        let store: SQLStore
        let harness: StoreHarness
        let clock: TestClock
        let service: ChatService
        let admin: Administration
        let auth: Authenticator
        let agent: AgentRecord
    }

    static let password = "right horse"

    static func withSetup(_ engine: StoreEngine, _ body: (Setup) async throws -> Void) async throws {
        try await StoreHarness.with(engine) { store, harness in
            let clock = TestClock()
            let service = try ServiceHarness.service(store, clock: clock)
            let admin = Administration(service: service)
            let agent = try await admin.addAgent(login: "anna", firstName: "Anna", lastName: "Agent", email: "a@x", password: password)
            try await store.setAvailability(.external, for: agent.id)
            try await body(Setup(store: store, harness: harness, clock: clock, service: service, admin: admin,
                auth: Authenticator(service: service), agent: agent))
        }
    }

    @Test("passwords are bcrypt at the configured cost; a wrong password or an unknown login gets nobody in",
        arguments: StoreEngine.allCases)
    func bcryptAndWrongCredentials(_ engine: StoreEngine) async throws {
        try await Self.withSetup(engine) { s in
            #expect(s.agent.passwordHash?.hasPrefix("$2b$04$") == true, "bcrypt at the configured cost")
            #expect(try await s.auth.loginAgent("anna", password: "wrong") == nil)
            #expect(try await s.auth.loginAgent("anna", password: "") == nil)
            #expect(try await s.auth.loginAgent("nobody", password: Self.password) == nil)
            let login = try #require(try await s.auth.loginAgent("anna", password: Self.password))
            #expect(login.person == .agent(s.agent.id))
        }
    }

    @Test("an agent's login makes them available for internal chats only, and present as active",
        arguments: StoreEngine.allCases)
    func loginSetsAvailabilityAndPresence(_ engine: StoreEngine) async throws {
        try await Self.withSetup(engine) { s in
            #expect(try await s.store.agent(id: s.agent.id)?.availability == .external)
            _ = try #require(try await s.auth.loginAgent("anna", password: Self.password))
            #expect(try await s.store.agent(id: s.agent.id)?.availability == .internal, "UnavailableForExternalChatsOnLogin")
            #expect(s.service.presence.presence(of: .agent(s.agent.id), availability: .internal,
                rule: s.service.presenceRule(forAgents: true), now: s.service.now()) == .active, "just logged in: active, not away")
        }
    }

    @Test("a session survives a restart: a new store instance and service know its token and challenge",
        arguments: StoreEngine.allCases)
    func sessionSurvivesRestart(_ engine: StoreEngine) async throws {
        try await Self.withSetup(engine) { s in
            let login = try #require(try await s.auth.loginAgent("anna", password: Self.password))
            let restarted = try await s.harness.open()
            do {
                let auth2 = Authenticator(service: try ServiceHarness.service(restarted, clock: s.clock))
                let session = try await auth2.session(login.token)
                #expect(session?.person == .agent(s.agent.id))
                #expect(session?.challenge == login.challenge)
                #expect(try await auth2.session("not-a-token") == nil)
            } catch {
                await restarted.close()
                throw error
            }
            await restarted.close()
        }
    }

    @Test("a session idle for more than two hours has expired", arguments: StoreEngine.allCases)
    func idleExpiry(_ engine: StoreEngine) async throws {
        try await Self.withSetup(engine) { s in
            let login = try #require(try await s.auth.loginAgent("anna", password: Self.password))
            s.clock.advance(2 * 3600 - 60)
            #expect(try await s.auth.session(login.token) != nil, "idle just under two hours")
            let idle = try #require(try await s.auth.loginAgent("anna", password: Self.password))
            s.clock.advance(2 * 3600 + 1)
            #expect(try await s.auth.session(idle.token) == nil, "idle too long")
        }
    }

    @Test("an active session still ends 16 hours after the login (OTRS's SessionMaxTime)", arguments: StoreEngine.allCases)
    func maxAge(_ engine: StoreEngine) async throws {
        try await Self.withSetup(engine) { s in
            let busy = try #require(try await s.auth.loginAgent("anna", password: Self.password))
            for hour in 1...15 {
                s.clock.advance(3600)
                #expect(try await s.auth.session(busy.token) != nil, "hour \(hour)")
            }
            s.clock.advance(3600)
            #expect(try await s.auth.session(busy.token) == nil, "16 hours after the login")
        }
    }

    @Test("logout ends the session, and only that one", arguments: StoreEngine.allCases)
    func logout(_ engine: StoreEngine) async throws {
        try await Self.withSetup(engine) { s in
            let first = try #require(try await s.auth.loginAgent("anna", password: Self.password))
            let second = try #require(try await s.auth.loginAgent("anna", password: Self.password))
            try await s.auth.logout(first.token)
            #expect(try await s.auth.session(first.token) == nil)
            #expect(try await s.auth.session(second.token)?.person == .agent(s.agent.id))
        }
    }

    @Test("a customer user logs in as a customer, not an agent; wrong passwords are refused", arguments: StoreEngine.allCases)
    func customerLogin(_ engine: StoreEngine) async throws {
        try await Self.withSetup(engine) { s in
            try await s.store.addCustomerCompany(id: "ACME", name: "Acme")
            _ = try await s.admin.addCustomerUser(login: "carla", customerID: "ACME", email: "c@x", firstName: "", lastName: "",
                password: "pw")
            let login = try #require(try await s.auth.loginCustomer("carla", password: "pw"))
            #expect(login.person.isAgent == false)
            #expect(try await s.auth.session(login.token)?.person == login.person)
            #expect(try await s.auth.loginCustomer("carla", password: "wrong") == nil)
            #expect(try await s.auth.loginCustomer("anna", password: Self.password) == nil, "an agent is no customer user")
        }
    }

    @Test("visitors get a token that finds them again; names are trimmed, blank names refused, guesses find nobody",
        arguments: StoreEngine.allCases)
    func visitorTokens(_ engine: StoreEngine) async throws {
        try await Self.withSetup(engine) { s in
            let (visitor, token) = try await s.auth.registerVisitor(name: "  Jürgen  ")
            #expect(try await s.auth.visitor(token) == visitor)
            #expect(try await s.store.visitor(id: visitor)?.name == "Jürgen")
            #expect(try await s.auth.visitor("guess") == nil)
            #expect(try await s.auth.visitor(String(repeating: "0", count: token.count)) == nil)
            await #expect(throws: ChatError.self) { _ = try await s.auth.registerVisitor(name: " ") }
            await #expect(throws: ChatError.self) { _ = try await s.auth.registerVisitor(name: "") }
        }
    }
}
