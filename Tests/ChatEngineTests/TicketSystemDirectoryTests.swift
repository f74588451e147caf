import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import SysConfig
import Testing
import TicketSystemPeople

/// The ticket system's people, read from the seeded Znuny 7 of `fixtures/otrs/znuny7-live` (loaded by the
/// test command into database `znuny` of its PostgreSQL, read as the read-only role of FACTS.md §7), with
/// Znuny's own answers from its `seed.json`.
@Suite("the ticket system's people (seeded Znuny 7 on PostgreSQL)", .serialized)
struct TicketSystemDirectoryTests {
    static let fixtures: URL = {
        if let custom = ProcessInfo.processInfo.environment["CHATENGINE_FIXTURES"] { return URL(fileURLWithPath: custom) }
        return ServiceHarness.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }()

    struct Person {
        let id: Int64, login: String, password: String, canLogIn: Bool, isValid: Bool
        let effective: [String: Set<String>]
    }

    static func seed(_ engine: TicketSystemEngine = .postgres) throws -> (agents: [Person], customers: [Person]) {
        let data = try Data(contentsOf: fixtures.appendingPathComponent("otrs/\(engine.fixture)/seed.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        func people(_ key: String) throws -> [Person] {
            try #require(root[key] as? [[String: Any]]).map { p in
                let effective = (p["effective_permissions_by_znuny"] as? [String: [String]] ?? [:]).mapValues(Set.init)
                return Person(id: (p["id"] as? NSNumber)?.int64Value ?? 0, login: p["login"] as? String ?? "",
                    password: p["password"] as? String ?? "", canLogIn: p["can_log_in"] as? Bool ?? false,
                    isValid: p["valid"] as? Bool ?? false, effective: effective)
            }
        }
        return (try people("agents"), try people("customer_users"))
    }

    static func port() throws -> String {
        guard let port = ProcessInfo.processInfo.environment["CHATENGINE_TEST_ZNUNY_PORT"] else {
            throw HarnessError(description: "CHATENGINE_TEST_ZNUNY_PORT is not set: run the tests with `make test`, which loads the Znuny fixture")
        }
        return port
    }

    /// The ticket system's settings as an operator writes them in its Kernel/Config.pm.
    static func ticketSystemConfig(port: String, extra: String = "") throws -> TicketSystemConfig {
        try ticketSystemConfig(dsn: "DBI:Pg:dbname=$Self->{Database};host=$Self->{DatabaseHost};port=\(port)", extra: extra)
    }

    static func ticketSystemConfig(dsn: String, extra: String = "") throws -> TicketSystemConfig {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("znuny-home-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home.appendingPathComponent("Kernel"), withIntermediateDirectories: true)
        let pm = """
            package Kernel::Config;
            sub Load {
                my $Self = shift;
                $Self->{DatabaseHost} = '127.0.0.1';
                $Self->{Database} = 'znuny';
                $Self->{DatabaseUser} = 'chatengine_ro';
                $Self->{DatabasePw} = 'ro-fixture-pw';
                $Self->{DatabaseDSN} = "\(dsn)";
            \(extra)
                return 1;
            }
            1;
            """
        try Data(pm.utf8).write(to: home.appendingPathComponent("Kernel/Config.pm"))
        return try TicketSystemConfig.read(ConfigLoader(home: home.path).loadDeployed())
    }

    /// An engine on a fresh SQLite store whose people are the ticket system's.
    static func withEngine(_ engine: TicketSystemEngine = .postgres, config: TicketSystemConfig? = nil,
        timeout: Duration = .seconds(10), overrides: String = "", clock: TestClock? = nil,
        _ body: (Engine, TicketSystemDirectory) async throws -> Void) async throws
    {
        let config = try config ?? engine.config()
        let database = TicketSystemReaders.open(config: config, timeout: timeout)
        try await StoreHarness.with(.sqlite) { store, _ in
            let directory = TicketSystemDirectory(database: database, store: store, refusalTime: .milliseconds(1))
            let settings = try ServiceHarness.settings(overrides)
            let engine = if let clock {
                Engine(store: store, settings: { settings }, people: directory, clock: { clock.now })
            } else {
                Engine(store: store, settings: { settings }, people: directory)
            }
            try await body(engine, directory)
        }
        await database.close()
    }

    @Test("every agent and customer user logs in with their Znuny password and not with a wrong one; invalid ones cannot",
        arguments: TicketSystemEngine.allCases)
    func logins(_ database: TicketSystemEngine) async throws {
        let (agents, customers) = try Self.seed(database)
        try await Self.withEngine(database) { engine, directory in
            _ = try await directory.refresh()
            for agent in agents {
                let login = try await engine.sessions.loginAgent(agent.login, password: agent.password)
                #expect((login != nil) == agent.canLogIn, "\(agent.login)")
                if let login {
                    let record = try #require(try await engine.directory.agents().first { $0.id == login.person.agentID })
                    #expect(record.login == agent.login)
                }
                // (not the password with something appended: DES crypt reads only the first 8 bytes, as in Znuny)
                #expect(try await engine.sessions.loginAgent(agent.login, password: "x" + agent.password) == nil, "\(agent.login)")
                #expect(try await engine.sessions.loginAgent(agent.login, password: "") == nil)
                // exact on PostgreSQL; on MariaDB, as Znuny there, any letter case finds the same agent
                let upper = try await engine.sessions.loginAgent(agent.login.uppercased(), password: agent.password)
                #expect((upper != nil) == (database.loginsIgnoreCase && agent.canLogIn), "\(agent.login)")
                if let upper { #expect(upper.person == login?.person) }
            }
            for customer in customers {
                let login = try await engine.sessions.loginCustomer(customer.login, password: customer.password)
                #expect((login != nil) == customer.canLogIn, "\(customer.login)")
                if let login { #expect(try await engine.directory.name(of: login.person) != "") }
                let upper = try await engine.sessions.loginCustomer(customer.login.uppercased(), password: customer.password)
                #expect((upper != nil) == (database.loginsIgnoreCase && customer.canLogIn), "\(customer.login)")
                if let upper { #expect(upper.person == login?.person) }
                #expect(try await engine.sessions.loginCustomer(customer.login, password: "x" + customer.password) == nil)
            }
            #expect(try await engine.sessions.loginAgent("nobody", password: "x") == nil)
            let crypt = try #require(agents.first { $0.login == "agent.crypt" })
            #expect(try await engine.sessions.loginAgent("agent.crypt", password: String(crypt.password.prefix(8)) + "anything") != nil,
                "Znuny's DES quirk: only the first 8 bytes count")
        }
    }

    @Test("each agent's effective permissions equal Znuny's answer, for every key chat uses",
        arguments: TicketSystemEngine.allCases)
    func permissions(_ database: TicketSystemEngine) async throws {
        let (agents, _) = try Self.seed(database)
        try await Self.withEngine(database) { engine, directory in
            _ = try await directory.refresh()
            let copies = try await engine.directory.agents()
            for agent in agents {
                let copy = copies.first { $0.login == agent.login }
                #expect((copy != nil) == agent.isValid, "only valid agents are agents here: \(agent.login)")
                let permissions = if let copy { try await engine.chats.agentContext(copy.id).permissions } else { AgentPermissions() }
                for key in GroupPermission.allCases {
                    #expect(permissions.groups(holding: key) == agent.effective[key.rawValue] ?? [], "\(agent.login) \(key.rawValue)")
                }
            }
        }
    }

    @Test("channel staffing follows the ticket system's permissions (rw implies chat_owner; chat_observer staffs nothing)",
        arguments: TicketSystemEngine.allCases)
    func staffing(_ database: TicketSystemEngine) async throws {
        try await Self.withEngine(database) { engine, directory in
            _ = try await directory.refresh()
            let channel = try await engine.administration.addChannel(name: "Support chat", group: "support", comment: "")
            #expect(try await engine.administration.groupNames().contains("support"), "AdminChatChannel offers Znuny's groups")
            let agents = Dictionary(uniqueKeysWithValues: try await engine.directory.agents().map { ($0.login, $0.id) })
            func staffedBy(_ login: String) async throws -> Bool {
                let id = try #require(agents[login])
                try await engine.chats.agentLoggedIn(id)
                try await engine.chats.setAvailability(.external, for: id)
                let staffed = try await engine.chats.isStaffed(channel)
                try await engine.chats.setAvailability(.unavailable, for: id)
                return staffed
            }
            #expect(try await staffedBy("agent.observer") == false)
            #expect(try await staffedBy("agent.rw") == true, "rw on support implies chat_owner")
            #expect(try await staffedBy("agent.owner") == true)
            #expect(try await staffedBy("agent.role") == true, "chat_owner through the role")
            #expect(try await staffedBy("zadmin") == true, "rw on support")
            #expect(try await staffedBy("agent.crypt") == false, "no key on support")
        }
    }

    @Test("a new agent, a new permission and an invalidation made in the ticket system show after a refresh; the invalidated agent's sessions end")
    func changesShow() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_ZNUNY_URL"])
        let owner = try await PostgresBackend.open(try #require(PostgresBackend.Endpoint(url: url)))
        let login = "agent.new.\(UUID().uuidString.prefix(6).lowercased())"
        let id = try await ZnunyAgents.add(owner, login: login, password: "New-Pass#9", firstName: "Nova", lastName: "Agent")
        do {
            try await Self.withEngine { engine, directory in
                _ = try await directory.refresh()
                // a login made before the next refresh finds the new agent at once
                let session = try #require(try await engine.sessions.loginAgent(login, password: "New-Pass#9"))
                let agent = try #require(session.person.agentID)
                #expect(try await engine.chats.agentContext(agent).permissions.chatLevel(onGroup: "support") == nil)

                try await ZnunyAgents.grant(owner, id, "chat_owner", on: "support")
                #expect(try await directory.refresh().isEmpty)
                try await Task.sleep(for: .milliseconds(1100))  // the engine looks at the directory version once a second
                #expect(try await engine.chats.agentContext(agent).permissions.chatLevel(onGroup: "support") == .owner)

                _ = try await owner.read("UPDATE users SET valid_id = 2 WHERE id = ?", [.int(id)])
                #expect(try await directory.refresh() == [agent])
                #expect(try await engine.sessions.session(session.token) == nil, "the session ended with the refresh")
                #expect(try await engine.sessions.loginAgent(login, password: "New-Pass#9") == nil)
            }
        } catch {
            try? await ZnunyAgents.remove(owner, id)
            await owner.close()
            throw error
        }
        try await ZnunyAgents.remove(owner, id)
        await owner.close()
    }

    @Test("an agent whose failed logins reached PasswordMaxLoginFailed is refused, as the ticket system locks them")
    func lockedByFailedLogins() async throws {
        let url = try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_ZNUNY_URL"])
        let owner = try await PostgresBackend.open(try #require(PostgresBackend.Endpoint(url: url)))
        let login = "agent.locked.\(UUID().uuidString.prefix(6).lowercased())"
        let id = try await ZnunyAgents.add(owner, login: login, password: "Lock-Pass#1", firstName: "Lo", lastName: "Cked")
        _ = try await owner.read("INSERT INTO user_preferences (user_id, preferences_key, preferences_value) VALUES (?, 'UserLoginFailed', '3')",
            [.int(id)])
        let config = try Self.ticketSystemConfig(port: try Self.port(), extra: "    $Self->{PasswordMaxLoginFailed} = 3;")
        do {
            try await Self.withEngine(config: config) { engine, _ in
                #expect(try await engine.sessions.loginAgent(login, password: "Lock-Pass#1") == nil)
                _ = try await owner.read("UPDATE user_preferences SET preferences_value = '2' WHERE user_id = ?", [.int(id)])
                #expect(try await engine.sessions.loginAgent(login, password: "Lock-Pass#1") != nil)
            }
        } catch {
            try? await ZnunyAgents.remove(owner, id)
            await owner.close()
            throw error
        }
        try await ZnunyAgents.remove(owner, id)
        await owner.close()
    }

    @Test("the directory's database role cannot write")
    func readOnlyRole() async throws {
        let port = try Self.port()
        let ro = try await PostgresBackend.open(try #require(PostgresBackend.Endpoint(
            url: "postgres://chatengine_ro:ro-fixture-pw@127.0.0.1:\(port)/znuny")))
        await #expect(throws: (any Error).self) { try await ro.read("UPDATE users SET title = title", []) }
        await ro.close()
    }

    @Test("an unreachable ticket-system database refuses new logins with a reason; people already copied keep their permissions",
        arguments: TicketSystemEngine.allCases)
    func unreachable(_ engine: TicketSystemEngine) async throws {
        let real = try engine.config()
        var away = real
        away.database.port = 9  // discard: nothing listens there
        let database = TicketSystemReaders.open(config: real, timeout: .seconds(10))
        let awayDatabase = TicketSystemReaders.open(config: away, timeout: .seconds(2))
        try await StoreHarness.with(.sqlite) { store, _ in
            _ = try await TicketSystemDirectory(database: database, store: store).refresh()
            let directory = TicketSystemDirectory(database: awayDatabase, store: store, refusalTime: .milliseconds(1))
            let settings = try ServiceHarness.settings()
            let engine = Engine(store: store, settings: { settings }, people: directory)
            await #expect(throws: Authenticator.DirectoryUnavailable.self) {
                _ = try await engine.sessions.loginAgent("agent.owner", password: "Owner-Bcrypt#3")
            }
            #expect(directory.problem()?.contains("127.0.0.1:9") == true)
            await #expect(throws: (any Error).self) { _ = try await directory.refresh() }
            let owner = try #require(try await engine.directory.agents().first { $0.login == "agent.owner" })
            #expect(try await engine.chats.agentContext(owner.id).permissions.chatLevel(onGroup: "support") == .owner)
        }
        await database.close()
        await awayDatabase.close()
    }

    @Test("an installation that started on its own directory moves: its agents and groups are taken over by login and name")
    func move() async throws {
        try await StoreHarness.with(.sqlite) { store, _ in
            let settings = try ServiceHarness.settings()
            let own = Engine(store: store, settings: { settings })
            let before = try await own.administration.addAgent(login: "agent.owner", firstName: "Old", lastName: "Name",
                email: "old@example.test", password: "whatever-1")
            let lonely = try await own.administration.addAgent(login: "only.here", firstName: "Only", lastName: "Here",
                email: "", password: "whatever-2")
            let config = try Self.ticketSystemConfig(port: try Self.port())
            let database = TicketSystemDatabase(config: config, timeout: .seconds(10))
            let directory = TicketSystemDirectory(database: database, store: store, refusalTime: .milliseconds(1))
            let lockedOut = try await directory.refresh()
            #expect(lockedOut == [lonely.id], "an agent the ticket system does not have can no longer log in")
            let engine = Engine(store: store, settings: { settings }, people: directory)
            let login = try #require(try await engine.sessions.loginAgent("agent.owner", password: "Owner-Bcrypt#3"))
            #expect(login.person == .agent(before.id), "the same ChatEngine agent, now Znuny's agent.owner")
            #expect(try await engine.directory.name(of: .agent(before.id)) != "Old Name")
            await #expect(throws: EngineError.self) {
                _ = try await engine.administration.addAgent(login: "x", firstName: "", lastName: "", email: "", password: nil)
            }
            await database.close()
        }
    }
}
