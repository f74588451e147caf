import ArgumentParser
import ChatCore
import ChatEngine

/// `chatengine queue list|add|change`: the queues of ChatEngine's own ticket store (as AdminQueue).
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "queue",
        abstract: "Manage the queues of ChatEngine's own ticket store.", subcommands: [List.self, Add.self, Change.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List queues: id, name, group, validity, comment.")
        @OptionGroup var home: HomeOption

        func run() async throws {
            try await EngineContext.run(home: home.home) { context in
                for queue in try await context.admin.queues() {
                    print([String(queue.id), queue.name, queue.group, queue.isValid ? "valid" : "invalid", queue.comment]
                        .joined(separator: "\t"))
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a queue in a group.")
        @OptionGroup var home: HomeOption
        @Argument var name: String
        @Option(help: "The group whose ro holders see the queue's tickets and rw holders write them.") var group = "users"
        @Option var comment = ""
        @Flag(help: "Add it invalid (it takes no new tickets).") var invalid = false

        func run() async throws {
            try await EngineContext.run(home: home.home) { context in
                let queue = try await context.admin.addQueue(name: name, group: group, comment: comment, isValid: !invalid)
                print("Added queue \(queue.name) (id \(queue.id), group \(queue.group)\(invalid ? ", invalid" : "")).")
            }
        }
    }

    struct Change: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change a queue's name, group, validity or comment.")
        @OptionGroup var home: HomeOption
        @Argument(help: "The queue's current name.") var name: String
        @Option(help: "A new name.") var newName: String?
        @Option var group: String?
        @Option var comment: String?
        @Flag(exclusivity: .exclusive, help: "Make it valid or invalid.") var validity: Validity?

        enum Validity: EnumerableFlag {
            case valid, invalid
        }

        func run() async throws {
            try await EngineContext.run(home: home.home) { context in
                guard var queue = try await context.admin.queue(named: name) else { throw EngineError.notFound("queue \(name)") }
                if let newName { queue.name = newName }
                if let group { queue.group = group }
                if let comment { queue.comment = comment }
                if let validity { queue.isValid = validity == .valid }
                try await context.admin.updateQueue(queue)
                print("Changed queue \(queue.name) (group \(queue.group), \(queue.isValid ? "valid" : "invalid")).")
            }
        }
    }
}
