import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// The database, not one process's scheduling, decides races: two independent store instances (two
/// connections on one SQLite file; two PostgreSQL clients), each with its own chat service, accept the
/// same request at the same moment, many times over. Exactly one wins each time.
@Suite("Concurrent accept across independent store instances", .timeLimit(.minutes(5)))
struct ConcurrentAcceptTests {
    @Test("exactly one of two simultaneous accepts wins; the other is told 'already accepted'", arguments: StoreEngine.allCases)
    func oneWinner(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { storeA, harness in
            let storeB = try await harness.open()
            defer { Task { await storeB.close() } }
            let overrides = "    $Self->{'ChatEngine::CustomerInterface::AvailabilityCheck'} = 0;"
            let serviceA = try ServiceHarness.service(storeA, overrides: overrides)
            let serviceB = try ServiceHarness.service(storeB, overrides: overrides)
            var agents: [AgentID] = []
            for login in ["first", "second"] {
                let agent = try await storeA.addAgent(NewAgent(login: login, firstName: login, lastName: "Agent",
                    email: "\(login)@example.com", passwordHash: nil))
                try await storeA.link(agent: agent.id, group: "users", permission: .ro)
                try await storeA.link(agent: agent.id, group: "users", permission: .chatOwner)
                try await storeA.setAvailability(.external, for: agent.id)
                agents.append(agent.id)
            }
            try await storeA.addCustomerCompany(id: "ACME", name: "Acme")
            let customer = try await storeA.addCustomerUser(NewCustomerUser(login: "c", customerID: "ACME", email: "c@x", passwordHash: nil))

            let owners = agents
            let rounds = 25
            var winners: [Int] = [0, 0]
            for round in 0..<rounds {
                let request = try await serviceA.requestChat(by: .customer(customer.id), channel: nil,
                    firstMessage: "round \(round)", commandID: "r\(round)")
                let results = await withTaskGroup(of: (Int, Result<AppendResult, any Error>).self) { group in
                    for (index, service) in [serviceA, serviceB].enumerated() {
                        group.addTask {
                            do {
                                return (index, .success(try await service.accept(request.chat.id, by: .agent(owners[index]))))
                            } catch {
                                return (index, .failure(error))
                            }
                        }
                    }
                    return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
                }
                var won: [Int] = []
                for (index, result) in results {
                    switch result {
                    case .success: won.append(index)
                    case .failure(let error): #expect(error as? ChatError == .alreadyAccepted, "round \(round): \(error)")
                    }
                }
                #expect(won.count == 1, "round \(round): winners \(won)")
                won.forEach { winners[$0] += 1 }
                let chat = try await serviceA.chat(request.chat.id)
                #expect(chat.participants.filter { $0.person.isAgent }.count == 1)
                #expect(chat.lastSeq == 3, "created, first message, one accept")
            }
            #expect(winners.reduce(0, +) == rounds)
        }
    }
}
