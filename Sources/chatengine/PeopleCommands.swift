import ArgumentParser
import ChatCore
import Foundation

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage agents.",
        subcommands: [Add.self, List.self, SetPassword.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an agent.")
        @OptionGroup var home: HomeOption
        @Argument(help: "The agent's login.") var login: String
        @Option var firstName: String
        @Option var lastName: String
        @Option var email: String
        @Option(help: "The password (asked for on a terminal, else generated and printed, when left out).")
        var password: String?
        @Option(help: "A role to give the agent (repeatable), as `role link-user` does.")
        var role: [String] = []

        func run() async throws {
            try await EngineContext.run(home: home.home, changesPeople: true) { context in
                let (password, generated) = PasswordInput.obtain(password, for: login)
                let agent = try await context.admin.addAgent(login: login, firstName: firstName, lastName: lastName,
                    email: email, password: password)
                print("Added agent \(agent.login) (id \(agent.id.rawValue)).")
                if generated { print("Password: \(password)") }
                for role in role {
                    try await context.store.link(agent: agent.id, role: role)
                    print("\(agent.login) has the role \(role).")
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List agents with their groups and availability.")
        @OptionGroup var home: HomeOption

        func run() async throws {
            try await EngineContext.run(home: home.home) { context in
                for agent in try await context.store.agents() {
                    let permissions = try await context.store.permissions(of: agent.id).groups
                        .sorted { $0.key < $1.key }
                        .map { "\($0.key):\($0.value.map(\.rawValue).sorted().joined(separator: "+"))" }
                    print([agent.login, agent.fullName, agent.email, agent.availability.rawValue,
                        permissions.joined(separator: " ")].joined(separator: "\t"))
                }
            }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-password", abstract: "Set an agent's password.")
        @OptionGroup var home: HomeOption
        @Argument var login: String
        @Option(help: "The new password (asked for on a terminal, else generated and printed, when left out).")
        var password: String?

        func run() async throws {
            try await EngineContext.run(home: home.home, changesPeople: true) { context in
                let (password, generated) = PasswordInput.obtain(password, for: login)
                try await context.admin.setAgentPassword(login: login, password: password)
                print("Password of \(login) set.")
                if generated { print("Password: \(password)") }
            }
        }
    }
}

struct CustomerCompanyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "customer-company", abstract: "Manage customer companies.",
        subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a customer company.")
        @OptionGroup var home: HomeOption
        @Argument(help: "The customer ID (OTRS's CustomerID).") var id: String
        @Option var name: String

        func run() async throws {
            try await EngineContext.run(home: home.home, changesPeople: true) { context in
                try await context.store.addCustomerCompany(id: id, name: name)
                print("Added customer company \(id).")
            }
        }
    }
}

struct CustomerUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "customer-user", abstract: "Manage customer users.",
        subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a customer user.")
        @OptionGroup var home: HomeOption
        @Argument var login: String
        @Option var customerID: String
        @Option var email: String
        @Option var firstName = ""
        @Option var lastName = ""
        @Option(help: "The password (asked for on a terminal, else generated and printed, when left out).")
        var password: String?

        func run() async throws {
            try await EngineContext.run(home: home.home, changesPeople: true) { context in
                let (password, generated) = PasswordInput.obtain(password, for: login)
                let user = try await context.admin.addCustomerUser(login: login, customerID: customerID, email: email,
                    firstName: firstName, lastName: lastName, password: password)
                print("Added customer user \(user.login) (id \(user.id.rawValue)).")
                if generated { print("Password: \(password)") }
            }
        }
    }
}

extension GroupPermission: ExpressibleByArgument {}
