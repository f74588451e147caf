import ChatCore
import ChatStore
import Foundation

/// The first start on a new database: the admin agent `root@localhost` (OTRS's convention) and one
/// customer user, each with a random password shown once and kept in `var/initial-credentials` (0600).
/// Nothing with a fixed, known password is ever created.
public struct FirstStart: Sendable {
    public static let adminLogin = "root@localhost"
    public static let customerLogin = "customer@localhost"

    public struct Credentials: Sendable {
        public let agentLogin: String
        public let agentPassword: String
        public let customerLogin: String
        public let customerPassword: String
        public let file: String
    }

    let administration: Administration

    public init(administration: Administration) {
        self.administration = administration
    }

    /// Creates the two accounts when the database has no agent yet; nil when it already had one.
    public func runIfNewDatabase(home: String) async throws -> Credentials? {
        let store = administration.store
        guard try await store.agents().isEmpty else { return nil }
        let agentPassword = Self.randomPassword()
        let customerPassword = Self.randomPassword()
        let root = try await administration.addAgent(login: Self.adminLogin, firstName: "Admin", lastName: "OTRS",
            email: "root@localhost", password: agentPassword)
        for group in ["admin", "users"] { try await store.link(agent: root.id, group: group, permission: .rw) }
        try await store.link(agent: root.id, group: "users", permission: .chatOwner)
        try await store.addCustomerCompany(id: "example", name: "Example Company")
        _ = try await administration.addCustomerUser(login: Self.customerLogin, customerID: "example",
            email: "customer@localhost", firstName: "Max", lastName: "Mustermann", password: customerPassword)
        _ = try await administration.service.defaultChannel()
        let file = (home as NSString).appendingPathComponent("var/initial-credentials")
        let text = """
            # ChatEngine initial credentials, written once at the first start. Change these passwords.
            agent.login=\(Self.adminLogin)
            agent.password=\(agentPassword)
            customer.login=\(Self.customerLogin)
            customer.password=\(customerPassword)

            """
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw StoreError.refused("cannot write \(file)") }
        return Credentials(agentLogin: Self.adminLogin, agentPassword: agentPassword, customerLogin: Self.customerLogin,
            customerPassword: customerPassword, file: file)
    }

    /// 18 characters from an alphabet without look-alikes (about 100 bits).
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<18).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
