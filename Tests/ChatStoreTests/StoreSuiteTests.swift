import ChatCore
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// One suite for both engines: every repository behaves the same on SQLite and PostgreSQL.
@Suite("Store on SQLite and PostgreSQL", .timeLimit(.minutes(5)))
struct StoreSuiteTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test("migrations: OTRS's initial groups, idempotent, only ce_* tables", arguments: StoreEngine.allCases)
    func migrations(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            #expect(try await store.groups().map(\.name) == ["admin", "users"])
            #expect(try await Migrations.migrate(store.database).isEmpty, "a second run applies nothing")
            let tables = try await Self.tableNames(store)
            #expect(tables.count >= 14)
            #expect(tables.allSatisfy { $0.hasPrefix("ce_") }, "\(tables)")
        }
    }

    @Test("a read sees every write committed before it, while other reads keep the readers busy",
        arguments: StoreEngine.allCases)
    func readsSeeCommittedWrites(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            for index in 0..<200 { _ = try await store.addGroup("busy-\(index)") }  // long reads: many rows each
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask { while !Task.isCancelled { _ = try await store.groups() } }
                }
                var missed: [Int] = []
                for index in 0..<300 {
                    try await store.createSession(tokenHash: "fresh-\(index)", kind: .agent, userID: 1, challenge: "c",
                        now: Self.t0, expiresAt: Self.t0.addingTimeInterval(3600))
                    if try await store.session(tokenHash: "fresh-\(index)", now: Self.t0) == nil { missed.append(index) }
                }
                group.cancelAll()
                #expect(missed.isEmpty, "sessions not seen right after their commit: \(missed)")
            }
        }
    }

    static func tableNames(_ store: SQLStore) async throws -> [String] {
        let sql = store.database.dialect == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            : "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
        return try await store.database.read(sql, []).map { try $0.text("name") }.sorted()
    }

    @Test("our tables never collide with the OTRS-family schemas", arguments: StoreEngine.allCases)
    func noCollisionWithOTRS(_ engine: StoreEngine) async throws {
        let fixtures = FixturePaths.fixtures
        var otrsTables: Set<String> = []
        for schema in ["otrs/znuny7/scripts/database/schema.xml", "otrs/otobo11/scripts/database/otobo-schema.xml"] {
            let text = try String(contentsOf: fixtures.appendingPathComponent(schema), encoding: .utf8)
            for match in text.matches(of: /<Table(?:Create)?\s+Name="([^"]+)"/) { otrsTables.insert(String(match.1)) }
        }
        #expect(otrsTables.count > 120)
        #expect(otrsTables.contains("users") && otrsTables.contains("groups_table"))
        try await StoreHarness.with(engine) { store, _ in
            let ours = Set(try await Self.tableNames(store))
            #expect(ours.isDisjoint(with: otrsTables))
        }
    }

    @Test("durability settings are in force", arguments: StoreEngine.allCases)
    func durability(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ async throws in
            if let sqlite = store.database as? SQLiteBackend {
                #expect(try await sqlite.pragma("journal_mode") == "wal")
                #expect(try await sqlite.pragma("synchronous") == "2", "FULL")
                #expect(try await sqlite.pragma("busy_timeout") == "10000")
            } else {
                for setting in ["fsync", "synchronous_commit"] {
                    #expect(try await store.database.read("SHOW \(setting)", []).first?.text(setting) == "on")
                }
            }
        }
    }

    @Test("agents, groups, roles: permissions are the union of direct and role keys", arguments: StoreEngine.allCases)
    func directory(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let agent = try await store.addAgent(NewAgent(login: "anna", firstName: "Anna", lastName: "Agent",
                email: "anna@example.com", passwordHash: "$2b$04$hash"))
            #expect(try await store.agent(login: "anna")?.id == agent.id)
            #expect(agent.availability == .unavailable)
            _ = try await store.addGroup("sales")
            try await store.link(agent: agent.id, group: "users", permission: .ro)
            try await store.link(agent: agent.id, group: "users", permission: .ro)  // twice is fine
            _ = try await store.addRole("Chat Team")
            try await store.link(role: "Chat Team", group: "sales", permission: .chatOwner)
            try await store.link(role: "Chat Team", group: "users", permission: .chatParticipant)
            try await store.link(agent: agent.id, role: "Chat Team")
            let permissions = try await store.permissions(of: agent.id)
            #expect(permissions.groups["users"] == [.ro, .chatParticipant])
            #expect(permissions.chatLevel(onGroup: "sales") == .owner)
            #expect(permissions.canRead(group: "users") && !permissions.canRead(group: "sales"))
            await #expect(throws: StoreError.self) {
                _ = try await store.addAgent(NewAgent(login: "anna", firstName: "A", lastName: "B", email: "x", passwordHash: nil))
            }
            await #expect(throws: StoreError.notFound("group nope")) {
                try await store.link(agent: agent.id, group: "nope", permission: .ro)
            }
            try await store.setPassword(agentLogin: "anna", hash: "$2b$04$other")
            #expect(try await store.agent(id: agent.id)?.passwordHash == "$2b$04$other")

            try await store.addCustomerCompany(id: "ACME", name: "Acme Ltd.")
            let customer = try await store.addCustomerUser(NewCustomerUser(login: "carla", customerID: "ACME",
                email: "carla@acme.example", firstName: "Carla", lastName: "Kunde", passwordHash: nil))
            #expect(try await store.customerUser(login: "carla")?.id == customer.id)
            #expect(customer.fullName == "Carla Kunde")
            await #expect(throws: StoreError.notFound("customer company NOPE")) {
                _ = try await store.addCustomerUser(NewCustomerUser(login: "x", customerID: "NOPE", email: "x", passwordHash: nil))
            }
            try await store.addVisitor(id: VisitorID("v1"), tokenHash: "hash-of-token", name: "Jürgen 访客", now: Self.t0)
            #expect(try await store.visitor(tokenHash: "hash-of-token")?.name == "Jürgen 访客")
            #expect(try await store.visitor(tokenHash: "other") == nil)
        }
    }

    @Test("channels, agents' channel choice and availability; a channel with chats cannot be deleted",
        arguments: StoreEngine.allCases)
    func channels(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let sales = try await store.addChannel(name: "Sales", group: "users", comment: "pre-sales")
            let empty = try await store.addChannel(name: "Empty", group: "admin", comment: "")
            #expect(try await store.channels().map(\.name) == ["Empty", "Sales"])
            var changed = sales
            changed.isValid = false
            changed.comment = "closed for now"
            try await store.updateChannel(changed)
            #expect(try await store.channel(id: sales.id) == changed)

            let agent = try await store.addAgent(NewAgent(login: "o", firstName: "O", lastName: "Owner", email: "o@x", passwordHash: nil))
            try await store.link(agent: agent.id, group: "users", permission: .chatOwner)
            // never chose: every channel where they hold chat_owner, for both
            #expect(try await store.channels(of: agent.id).external == [])
            changed.isValid = true
            try await store.updateChannel(changed)
            #expect(try await store.channels(of: agent.id).external == [sales.id])
            #expect(try await store.externalAgents(choosing: sales.id).isEmpty, "still unavailable")
            try await store.setAvailability(.external, for: agent.id)
            #expect(try await store.externalAgents(choosing: sales.id) == [agent.id])
            try await store.setChannels(external: [empty.id], internal: [sales.id], for: agent.id)
            #expect(try await store.channels(of: agent.id) == ([empty.id], [sales.id]))
            #expect(try await store.externalAgents(choosing: sales.id).isEmpty)
            #expect(try await store.externalAgents(choosing: empty.id) == [agent.id], "chose it for external chats")
            // chat_owner through a role, and both directly and through a role: counted once
            let viaRole = try await store.addAgent(NewAgent(login: "r", firstName: "R", lastName: "Role", email: "r@x", passwordHash: nil))
            _ = try await store.addRole("Owners")
            try await store.link(role: "Owners", group: "users", permission: .chatOwner)
            try await store.link(agent: viaRole.id, role: "Owners")
            try await store.link(agent: viaRole.id, group: "users", permission: .chatOwner)
            #expect(try await store.channels(of: viaRole.id).external == [sales.id])
            try await store.setAvailability(.external, for: viaRole.id)
            #expect(try await store.externalAgents(choosing: sales.id) == [viaRole.id])

            _ = try await store.createChat(actor: .customer(CustomerUserID(1)),
                kinds: [.created(channel: sales.id, target: .channel)], commandID: nil, now: Self.t0)
            await #expect(throws: StoreError.refused("the channel has chats and cannot be deleted")) {
                try await store.deleteChannel(id: sales.id)
            }
            try await store.deleteChannel(id: empty.id)
            #expect(try await store.channel(id: empty.id) == nil)
        }
    }

    @Test("sessions live in the store and expire", arguments: StoreEngine.allCases)
    func sessions(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, harness in
            try await store.createSession(tokenHash: "h1", kind: .agent, userID: 5, challenge: "c", now: Self.t0,
                expiresAt: Self.t0.addingTimeInterval(3600))
            // a second instance (as after a restart) sees it
            let restarted = try await harness.open()
            #expect(try await restarted.session(tokenHash: "h1", now: Self.t0)?.userID == 5)
            await restarted.close()
            #expect(try await store.session(tokenHash: "h1", now: Self.t0.addingTimeInterval(3601)) == nil)
            try await store.touchSession(tokenHash: "h1", now: Self.t0, expiresAt: Self.t0.addingTimeInterval(7200))
            #expect(try await store.session(tokenHash: "h1", now: Self.t0.addingTimeInterval(3601))?.challenge == "c")
            try await store.deleteSession(tokenHash: "h1")
            #expect(try await store.session(tokenHash: "h1", now: Self.t0) == nil)
        }
    }
}

enum FixturePaths {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var fixtures: URL {
        if let custom = ProcessInfo.processInfo.environment["CHATENGINE_FIXTURES"] { return URL(fileURLWithPath: custom) }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }
}
