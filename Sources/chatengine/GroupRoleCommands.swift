import ArgumentParser
import ChatCore

struct GroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "group", abstract: "Manage groups and agents' permissions.",
        subcommands: [Add.self, Link.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a group.")
        @OptionGroup var home: HomeOption
        @Argument var name: String

        func run() async throws {
            try await EngineContext.run(home: home.home, changesPeople: true) { context in
                _ = try await context.store.addGroup(name)
                print("Added group \(name).")
            }
        }
    }

    struct Link: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give an agent a permission on a group.")
        @OptionGroup var home: HomeOption
        @Argument var login: String
        @Argument var group: String
        @Option(help: "ro, rw, chat_observer, chat_participant or chat_owner.") var permission: GroupPermission

        func run() async throws {
            try await EngineContext.run(home: home.home, changesPeople: true) { context in
                try await context.store.link(agent: try await context.admin.agent(login: login).id, group: group,
                    permission: permission)
                print("\(login) has \(permission.rawValue) on \(group).")
            }
        }
    }
}

struct RoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "role", abstract: "Manage roles.",
        subcommands: [Add.self, LinkGroup.self, LinkUser.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a role.")
        @OptionGroup var home: HomeOption
        @Argument var name: String

        func run() async throws {
            try await EngineContext.run(home: home.home, changesPeople: true) { context in
                _ = try await context.store.addRole(name)
                print("Added role \(name).")
            }
        }
    }

    struct LinkGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "link-group", abstract: "Give a role a permission on a group.")
        @OptionGroup var home: HomeOption
        @Argument var role: String
        @Argument var group: String
        @Option(help: "ro, rw, chat_observer, chat_participant or chat_owner.") var permission: GroupPermission

        func run() async throws {
            try await EngineContext.run(home: home.home, changesPeople: true) { context in
                try await context.store.link(role: role, group: group, permission: permission)
                print("Role \(role) has \(permission.rawValue) on \(group).")
            }
        }
    }

    struct LinkUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "link-user", abstract: "Give an agent a role.")
        @OptionGroup var home: HomeOption
        @Argument var login: String
        @Argument var role: String

        func run() async throws {
            try await EngineContext.run(home: home.home, changesPeople: true) { context in
                try await context.store.link(agent: try await context.admin.agent(login: login).id, role: role)
                print("\(login) has the role \(role).")
            }
        }
    }
}
