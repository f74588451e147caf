import ChatCore
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// The admin screens' repository (`AdministrationRepository`) on both engines: edits, the permission matrix,
/// searches that take `%` and `_` literally, and sessions that end with an invalidation or a new password.
@Suite("Administration store on SQLite and PostgreSQL", .timeLimit(.minutes(3)))
struct AdministrationStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    func session(_ store: SQLStore, _ token: String, _ kind: SessionRecord.UserKind, _ id: Int64) async throws {
        try await store.createSession(tokenHash: token, kind: kind, userID: id, challenge: "c", now: Self.t0,
            expiresAt: Self.t0.addingTimeInterval(3600))
    }

    @Test("agents, groups, roles, grants and memberships; the directory version moves", arguments: StoreEngine.allCases)
    func directory(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let anna = try await store.addAgent(NewAgent(login: "anna", firstName: "A", lastName: "B", email: "a@x.org",
                passwordHash: "h"))
            try await session(store, "s1", .agent, anna.id.rawValue)
            try await session(store, "s2", .agent, anna.id.rawValue)
            let version = try await store.directoryVersion()
            try await store.setPassword(agent: anna.id, hash: "h2", keepingSession: "s1")
            #expect(try await store.session(tokenHash: "s1", now: Self.t0) != nil)
            #expect(try await store.session(tokenHash: "s2", now: Self.t0) == nil)
            try await store.updateAgent(anna.id, login: "anna2", firstName: "An", lastName: "Na", email: "n@x.org", isValid: false)
            #expect(try await store.session(tokenHash: "s1", now: Self.t0) == nil, "invalid: every session ends")
            let saved = try #require(try await store.agent(id: anna.id))
            #expect(saved.login == "anna2" && !saved.isValid && saved.passwordHash == "h2")
            #expect(try await store.directoryVersion() > version)
            let sales = try await store.addGroup("sales")
            try await store.updateGroup(sales.id, name: "sales-eu", isValid: false)
            #expect(try await store.allGroups().contains { $0.name == "sales-eu" && !$0.isValid })
            let role = try await store.addRole("chatters")
            try await store.updateRole(role.id, name: "chatters", isValid: false)
            #expect(try await store.roles().map { "\($0.id) \($0.name) \($0.isValid)" } == ["\(role.id) chatters false"])
            try await store.setGrants(roles: true, holder: role.id, group: sales.id, [.chatOwner, .ro])
            try await store.setGrants(roles: true, holder: role.id, group: sales.id, [.chatObserver])
            #expect(try await store.grants(roles: true, holder: role.id, group: nil).map(\.permission) == [.chatObserver])
            try await store.setGrants(roles: false, holder: anna.id.rawValue, group: sales.id, [.rw])
            #expect(try await store.grants(roles: false, holder: nil, group: sales.id).map(\.holder) == [anna.id.rawValue])
            try await store.setMembership(agent: anna.id, role: role.id, member: true)
            try await store.setMembership(agent: anna.id, role: role.id, member: true)
            #expect(try await store.memberships(agent: anna.id, role: nil).map(\.role) == [role.id])
            try await store.setMembership(agent: anna.id, role: role.id, member: false)
            #expect(try await store.memberships(agent: nil, role: role.id).isEmpty)
            await #expect(throws: StoreError.self) {
                try await store.updateGroup(999_999, name: "x", isValid: true)
            }
        }
    }

    @Test("customer companies and users: search (case, % and _ literal), edit, invalidate, passwords",
        arguments: StoreEngine.allCases)
    func customers(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            try await store.addCustomerCompany(id: "acme", name: "ACME 100% Söhne")
            try await store.addCustomerCompany(id: "a_b", name: "Other")
            #expect(try await store.customerCompanies(search: "100%", limit: 10).map(\.customerID) == ["acme"])
            #expect(try await store.customerCompanies(search: "a_", limit: 10).map(\.customerID) == ["a_b"])
            #expect(try await store.customerCompanies(search: "acme", limit: 10).map(\.customerID) == ["acme"])
            #expect(try await store.customerCompanies(search: "", limit: 1).count == 1)
            try await store.updateCustomerCompany("acme", name: "ACME", isValid: false)
            let acme = try #require(try await store.customerCompany(id: "acme"))
            #expect(acme.name == "ACME" && !acme.isValid)
            let carla = try await store.addCustomerUser(NewCustomerUser(login: "carla", customerID: "acme",
                email: "carla@x.org", firstName: "Carla", lastName: "Kunde", passwordHash: "h"))
            #expect(carla.isValid)
            #expect(try await store.customerUsers(search: "KUNDE", limit: 10).map(\.login) == ["carla"])
            #expect(try await store.customerUsers(search: "nobody", limit: 10).isEmpty)
            try await session(store, "c1", .customer, carla.id.rawValue)
            try await session(store, "c2", .customer, carla.id.rawValue)
            try await store.setPassword(customer: carla.id, hash: "h2", keepingSession: "c2")
            #expect(try await store.session(tokenHash: "c1", now: Self.t0) == nil)
            #expect(try await store.session(tokenHash: "c2", now: Self.t0) != nil)
            try await store.updateCustomerUser(carla.id, login: "carla", customerID: "a_b", email: "c@x.org", firstName: "C",
                lastName: "K", isValid: false)
            #expect(try await store.session(tokenHash: "c2", now: Self.t0) == nil)
            let saved = try #require(try await store.customerUser(id: carla.id))
            #expect(saved.customerID == "a_b" && !saved.isValid && saved.passwordHash == "h2")
            await #expect(throws: StoreError.notFound("customer company nope")) {
                try await store.updateCustomerUser(carla.id, login: "carla", customerID: "nope", email: "c@x.org",
                    firstName: "C", lastName: "K", isValid: true)
            }
        }
    }
}
