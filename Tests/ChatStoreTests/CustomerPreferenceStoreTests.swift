import ChatCore
import ChatStore
import ChatTestSupport
import Testing

/// Customer users' preferences (their language) as the store keeps them: per customer user, replaced on a new
/// choice, removed by an empty one, and a customer user's preference never another's.
@Suite("Customer users' preferences on SQLite and PostgreSQL", .timeLimit(.minutes(3)))
struct CustomerPreferenceStoreTests {
    @Test("a customer user's language is stored, replaced and removed, for them alone", arguments: StoreEngine.allCases)
    func language(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            try await store.addCustomerCompany(id: "acme", name: "ACME")
            let carla = try await store.addCustomerUser(NewCustomerUser(login: "carla", customerID: "acme",
                email: "carla@x.org", firstName: "Carla", lastName: "Kunde", passwordHash: "h")).id
            let dirk = try await store.addCustomerUser(NewCustomerUser(login: "dirk", customerID: "acme",
                email: "dirk@x.org", firstName: "Dirk", lastName: "Kunde", passwordHash: "h")).id
            #expect(try await store.customerPreference(.language, of: carla) == nil)

            try await store.setCustomerPreference(.language, value: "de", for: carla)
            #expect(try await store.customerPreference(.language, of: carla) == "de")
            #expect(try await store.customerPreference(.language, of: dirk) == nil, "another customer user's is not theirs")

            try await store.setCustomerPreference(.language, value: "pt_BR", for: carla)
            #expect(try await store.customerPreference(.language, of: carla) == "pt_BR", "a new choice replaces the old")

            try await store.setCustomerPreference(.language, value: "", for: carla)
            #expect(try await store.customerPreference(.language, of: carla) == nil, "an empty choice removes it")
            try await store.setCustomerPreference(.language, value: "", for: carla)  // removing nothing is fine
        }
    }

    @Test("a preference for a customer user who does not exist is refused by the database", arguments: StoreEngine.allCases)
    func unknownCustomer(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            await #expect(throws: (any Error).self) {
                try await store.setCustomerPreference(.language, value: "de", for: CustomerUserID(4711))
            }
        }
    }
}
