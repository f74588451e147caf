import ArgumentParser
import ChatStore

struct ChannelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "channel", abstract: "Manage chat channels.",
        subcommands: [Add.self, List.self, Delete.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a chat channel bound to a group.")
        @OptionGroup var home: HomeOption
        @Argument var name: String
        @Option(help: "The group whose members may work in the channel.") var group = "users"
        @Option var comment = ""

        func run() async throws {
            try await EngineContext.run(home: home.home) { context in
                let channel = try await context.admin.addChannel(name: name, group: group, comment: comment)
                print("Added channel \(channel.name) (id \(channel.id.rawValue), group \(channel.group)).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List chat channels (the default one is created when missing).")
        @OptionGroup var home: HomeOption

        func run() async throws {
            try await EngineContext.run(home: home.home) { context in
                let defaultChannel = try await context.service.defaultChannel()
                for channel in try await context.store.channels() {
                    let chats = try await context.store.chatCount(inChannel: channel.id)
                    print([String(channel.id.rawValue), channel.name, channel.group, channel.isValid ? "valid" : "invalid",
                        "\(chats) chats", channel.id == defaultChannel.id ? "default" : "", channel.comment]
                        .joined(separator: "\t"))
                }
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a channel that has no chats (never the default one).")
        @OptionGroup var home: HomeOption
        @Argument var name: String

        func run() async throws {
            try await EngineContext.run(home: home.home) { context in
                guard let channel = try await context.store.channel(named: name) else { throw StoreError.notFound("channel \(name)") }
                try await context.admin.deleteChannel(channel.id)
                print("Deleted channel \(name).")
            }
        }
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Apply missing database migrations.")
    @OptionGroup var home: HomeOption

    func run() async throws {
        try await EngineContext.run(home: home.home, migrate: false) { context in
            let applied = try await Migrations.migrate(context.store.database)
            print(applied.isEmpty ? "The database is up to date (version \(Migrations.latestVersion))."
                : "Applied migration(s) \(applied.map(String.init).joined(separator: ", ")).")
        }
    }
}

struct MaintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "maint", abstract: "Maintenance.",
        subcommands: [ChatCleanup.self])

    struct ChatCleanup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "chat-cleanup",
            abstract: "Delete chats past ChatEngine::ChatTTL (closed) or ChatDecayTime (unclosed), except those linked to tickets.")
        @OptionGroup var home: HomeOption

        func run() async throws {
            try await EngineContext.run(home: home.home) { context in
                print("Deleted \(try await context.admin.cleanUpChats()) expired chat(s).")
            }
        }
    }
}
