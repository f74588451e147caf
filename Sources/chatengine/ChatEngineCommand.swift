import ArgumentParser

@main
struct ChatEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chatengine",
        abstract: "ChatEngine: live chat for OTRS-family helpdesks.",
        subcommands: [ServeCommand.self, ConfigCommand.self, MigrateCommand.self, UserCommand.self, GroupCommand.self,
            RoleCommand.self, CustomerCompanyCommand.self, CustomerUserCommand.self, ChannelCommand.self, MaintCommand.self,
            OutboxCommand.self, QueueCommand.self]
    )
}

/// `--home DIR`, taken by every subcommand: OTRS's Home. Kernel/ and var/ resolve under it.
struct HomeOption: ParsableArguments {
    @Option(help: "The ChatEngine home (OTRS's Home): Kernel/ and var/ are under it.")
    var home: String = "."
}
