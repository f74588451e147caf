import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Testing

@Suite("Logins, sessions and visitors", .timeLimit(.minutes(3)))
struct AuthenticatorTests {
    @Test("bcrypt logins, sessions that survive a restart and expire, visitor tokens", arguments: Engine.allCases)
    func sessions(_ engine: Engine) async throws {
        try await StoreHarness.with(engine) { store, harness in
            let clock = TestClock()
            let service = try ServiceHarness.service(store, clock: clock)
            let admin = Administration(service: service)
            let agent = try await admin.addAgent(login: "anna", firstName: "Anna", lastName: "Agent", email: "a@x", password: "right horse")
            #expect(agent.passwordHash?.hasPrefix("$2b$04$") == true, "bcrypt at the configured cost")
            try await store.setAvailability(.external, for: agent.id)
            let auth = Authenticator(service: service)
            #expect(try await auth.loginAgent("anna", password: "wrong") == nil)
            #expect(try await auth.loginAgent("nobody", password: "right horse") == nil)
            let login = try #require(try await auth.loginAgent("anna", password: "right horse"))
            #expect(login.person == .agent(agent.id))
            #expect(try await store.agent(id: agent.id)?.availability == .internal, "UnavailableForExternalChatsOnLogin")
            #expect(service.presence.presence(of: .agent(agent.id), availability: .internal,
                rule: service.presenceRule(forAgents: true), now: service.now()) == .active, "just logged in: active, not away")

            // a new store instance and service, as after a restart: still logged in
            let restarted = try await harness.open()
            let auth2 = Authenticator(service: try ServiceHarness.service(restarted, clock: clock))
            #expect(try await auth2.session(login.token)?.person == .agent(agent.id))
            #expect(try await auth2.session(login.token)?.challenge == login.challenge)
            await restarted.close()

            clock.advance(2 * 3600 + 1)
            #expect(try await auth.session(login.token) == nil, "idle too long")
            // active all along, the session still ends 16 hours after the login (OTRS's SessionMaxTime)
            let busy = try #require(try await auth.loginAgent("anna", password: "right horse"))
            for hour in 1...15 {
                clock.advance(3600)
                #expect(try await auth.session(busy.token) != nil, "hour \(hour)")
            }
            clock.advance(3600)
            #expect(try await auth.session(busy.token) == nil, "16 hours after the login")
            let again = try #require(try await auth.loginAgent("anna", password: "right horse"))
            try await auth.logout(again.token)
            #expect(try await auth.session(again.token) == nil)

            try await store.addCustomerCompany(id: "ACME", name: "Acme")
            _ = try await admin.addCustomerUser(login: "carla", customerID: "ACME", email: "c@x", firstName: "", lastName: "", password: "pw")
            #expect(try await auth.loginCustomer("carla", password: "pw")?.person.isAgent == false)

            let (visitor, token) = try await auth.registerVisitor(name: "  Jürgen  ")
            #expect(try await auth.visitor(token) == visitor)
            #expect(try await store.visitor(id: visitor)?.name == "Jürgen")
            #expect(try await auth.visitor("guess") == nil)
            await #expect(throws: ChatError.self) { _ = try await auth.registerVisitor(name: " ") }
        }
    }
}
