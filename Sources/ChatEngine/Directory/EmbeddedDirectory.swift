import ChatCore
import ChatStore
import SysConfig

/// ChatEngine's own agents, customer users, groups and roles (the default of `make run`): passwords are
/// bcrypt hashes in its own tables, managed with the command line.
public struct EmbeddedDirectory: PeopleDirectory {
    let store: any ChatStoreProtocol
    let settings: @Sendable () -> ChatEngineSettings

    public init(store: any ChatStoreProtocol, settings: @escaping @Sendable () -> ChatEngineSettings) {
        self.store = store
        self.settings = settings
    }

    public var name: String { "ChatEngine's own directory" }
    public var managesPeople: Bool { true }
    var hasher: PasswordHasher { PasswordHasher(cost: settings().passwordHashCost) }

    public func authenticateAgent(login: String, password: String) async throws -> LoginOutcome<AgentID> {
        guard let agent = try await store.agent(login: login), agent.isValid, let hash = agent.passwordHash else {
            return await spendHashTime(password)
        }
        return await hasher.verify(password, against: hash) ? .accepted(agent.id) : .refused
    }

    public func authenticateCustomer(login: String, password: String) async throws -> LoginOutcome<CustomerUserID> {
        guard let customer = try await store.customerUser(login: login), customer.isValid, let hash = customer.passwordHash else {
            return await spendHashTime(password)
        }
        return await hasher.verify(password, against: hash) ? .accepted(customer.id) : .refused
    }

    /// An unknown login costs as much time as a known one, so timing does not tell which logins exist.
    private func spendHashTime<ID>(_ password: String) async -> LoginOutcome<ID> {
        _ = await hasher.hash(password)
        return .refused
    }

    public func permissions(of agent: AgentID) async throws -> AgentPermissions {
        try await store.permissions(of: agent)
    }

    public func refresh() async throws -> [AgentID] { [] }

    public func problem() -> String? { nil }
}
