import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import MariaDBClient
import Testing

/// A customer user's language (OTRS's `UserLanguage`): chosen in ChatEngine with its own directory (only their
/// own, only an available language), read from the ticket system's `customer_preferences` beside Znuny.
@Suite("Customer users' language", .serialized, .timeLimit(.minutes(3)))
struct CustomerLanguageTests {
    static let available = ["de", "en"]

    @Test("with ChatEngine's own directory a customer user sets their own language; agents and unknown codes are refused",
        arguments: StoreEngine.allCases)
    func embedded(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let settings = try ServiceHarness.settings()
            let chatEngine = Engine(store: store, settings: { settings })
            try await store.addCustomerCompany(id: "acme", name: "ACME")
            let carla = try await store.addCustomerUser(NewCustomerUser(login: "carla", customerID: "acme",
                email: "carla@x.org", firstName: "Carla", lastName: "Kunde", passwordHash: "h")).id
            let account = chatEngine.account
            #expect(account.customerLanguagePlace == .here)
            #expect(try await account.language(of: carla) == nil)

            try await account.setLanguage(of: .customer(carla), to: "de", available: Self.available)
            #expect(try await account.language(of: carla) == "de")

            await #expect(throws: DirectoryRuleError.self) {
                try await account.setLanguage(of: .customer(carla), to: "xx", available: Self.available)
            }
            #expect(try await account.language(of: carla) == "de", "a refused choice keeps the stored one")
            await #expect(throws: EngineError.self) {
                try await account.setLanguage(of: .agent(AgentID(1)), to: "de", available: Self.available)
            }
            await #expect(throws: EngineError.self) {
                try await account.setLanguage(of: .visitor(VisitorID("v-1")), to: "de", available: Self.available)
            }
            try await account.setLanguage(of: .customer(carla), to: "", available: Self.available)
            #expect(try await account.language(of: carla) == nil, "an empty choice forgets it")
        }
    }

    /// Writes or removes a customer user's `UserLanguage` in the Znuny fixture's database, as Znuny's own
    /// preferences screen does (delete, then insert), with the fixture's owner account.
    static func setZnunyLanguage(_ database: TicketSystemEngine, userID: String, _ language: String?) async throws {
        switch database {
        case .postgres:
            let url = try #require(ProcessInfo.processInfo.environment["CHATENGINE_TEST_ZNUNY_URL"])
            let owner = try await PostgresBackend.open(try #require(PostgresBackend.Endpoint(url: url)))
            do {
                _ = try await owner.read("DELETE FROM customer_preferences WHERE user_id = ? AND preferences_key = 'UserLanguage'",
                    [.text(userID)])
                if let language {
                    _ = try await owner.read("""
                        INSERT INTO customer_preferences (user_id, preferences_key, preferences_value) VALUES (?, 'UserLanguage', ?)
                        """, [.text(userID), .text(language)])
                }
            } catch {
                await owner.close()
                throw error
            }
            await owner.close()
        case .mariadb:
            let owner = try TicketSystemEngine.mariaDBOwner()
            defer { owner.close() }
            try await owner.run("DELETE FROM customer_preferences WHERE user_id = ? AND preferences_key = 'UserLanguage'",
                [.text(userID)])
            if let language {
                try await owner.run("""
                    INSERT INTO customer_preferences (user_id, preferences_key, preferences_value) VALUES (?, 'UserLanguage', ?)
                    """, [.text(userID), .text(language)])
            }
        }
    }

    @Test("beside Znuny a customer user's UserLanguage is read from its customer_preferences at login, and cannot be set here",
        arguments: TicketSystemEngine.allCases)
    func znuny(_ database: TicketSystemEngine) async throws {
        let customer = try #require(try TicketSystemDirectoryTests.seed(database).customers.first { $0.login == "mmuster" })
        // on MariaDB Znuny keys the row by the login as typed at login (DIFFERENCES.md): another spelling still matches
        let userID = database.loginsIgnoreCase ? "Mmuster" : customer.login
        try await Self.setZnunyLanguage(database, userID: userID, "de")
        do {
            try await TicketSystemDirectoryTests.withEngine(database) { engine, directory in
                guard case .ticketSystem(let url) = engine.account.customerLanguagePlace else {
                    Issue.record("the language is Znuny's to choose")
                    return
                }
                #expect(url?.hasSuffix("customer.pl?Action=CustomerPreferences") == true, "\(url ?? "nil")")

                let login = try #require(try await engine.sessions.loginCustomer(customer.login, password: customer.password))
                guard case .customer(let id) = login.person else {
                    Issue.record("a customer user's login gives a customer user")
                    return
                }
                #expect(try await engine.account.language(of: id) == "de")
                await #expect(throws: EngineError.self) {
                    try await engine.account.setLanguage(of: login.person, to: "en", available: Self.available)
                }
                #expect(try await engine.account.language(of: id) == "de", "Znuny owns it: nothing changed here")

                // changed in Znuny: seen at the next login
                try await Self.setZnunyLanguage(database, userID: userID, "en")
                _ = try #require(try await engine.sessions.loginCustomer(customer.login, password: customer.password))
                #expect(try await engine.account.language(of: id) == "en")
                // removed in Znuny: removed here too
                try await Self.setZnunyLanguage(database, userID: userID, nil)
                _ = try #require(try await engine.sessions.loginCustomer(customer.login, password: customer.password))
                #expect(try await engine.account.language(of: id) == nil)
                #expect(directory.problem() == nil)
            }
        } catch {
            try? await Self.setZnunyLanguage(database, userID: userID, nil)
            throw error
        }
        try await Self.setZnunyLanguage(database, userID: userID, nil)
    }
}
