import ArgumentParser
import ChatEngine
import Foundation
import Logging
import ServiceLifecycle
import SysConfig

struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox",
        abstract: "The outbox: work after a chat's change that may fail (ticket articles, mail).",
        subcommands: [List.self, Work.self, Retry.self])

    /// The engine with its outbox handlers, on the home's database; closed after `body`.
    static func withEngine(home: String, _ body: (Engine) async throws -> Void) async throws {
        let active: ActiveConfig
        do {
            active = try ActiveConfig.load(home: home)
        } catch {
            printErrors(error)
            throw ExitCode.failure
        }
        let settings = active.chatEngine
        let engine: Engine
        do {
            engine = try await Engine.open(home: home, settings: { settings })
            let translator = active.translator
            engine.mail.useTranslator { translator }  // transcript mails in the asker's language
        } catch {
            FileHandle.standardError.write(Data("chatengine: cannot open the engine: \(error)\n".utf8))
            throw ExitCode.failure
        }
        do {
            try await body(engine)
            await engine.close()
        } catch {
            await engine.close()
            if error is ExitCode { throw error }
            FileHandle.standardError.write(Data("chatengine: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List outbox items, newest first: ID, kind, state, attempts, next attempt, key, last error.")
        @OptionGroup var home: HomeOption
        @Option(help: "Only items in this state: pending, done or failed.") var state: String?
        @Option(help: "At most this many items (1-1000).") var limit = 100

        func validate() throws {
            if let state, OutboxEntry.State(rawValue: state) == nil { throw ValidationError("--state must be pending, done or failed") }
        }

        func run() async throws {
            try await OutboxCommand.withEngine(home: home.home) { engine in
                let counts = try await engine.outbox.counts()
                print("pending \(counts[.pending] ?? 0), failed \(counts[.failed] ?? 0), done \(counts[.done] ?? 0)")
                for item in try await engine.outbox.items(state: state.flatMap(OutboxEntry.State.init(rawValue:)), limit: limit) {
                    print([String(item.id), item.kind, item.state.rawValue, String(item.attempts),
                        item.state == .pending ? ISO8601DateFormatter().string(from: item.nextAttemptAt) : "-",
                        item.idempotencyKey, item.lastError.map { $0.replacingOccurrences(of: "\n", with: " ") } ?? ""]
                        .joined(separator: "\t"))
                }
            }
        }
    }

    struct Work: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Perform due outbox items, as a server does; with --until-empty, until none is due, then exit.")
        @OptionGroup var home: HomeOption
        @Flag(help: "Exit once no item is due (otherwise: work until SIGTERM or SIGINT).") var untilEmpty = false

        func run() async throws {
            var logger = Logger(label: "chatengine.outbox")
            logger.logLevel = .warning
            try await OutboxCommand.withEngine(home: home.home) { engine in
                if untilEmpty {
                    let round = try await engine.outbox.workDue(logger: logger)
                    print("\(round.done) done, \(round.retried) to retry later, \(round.failed) failed, "
                        + "\(round.unrecorded) unrecorded (claimer \(engine.outbox.claimer)).")
                    return
                }
                let group = ServiceGroup(configuration: .init(services: [engine.outboxService(logger: logger)],
                    gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
                try await group.run()
            }
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a failed or pending outbox item due now, with fresh attempts.")
        @OptionGroup var home: HomeOption
        @Argument(help: "The item's ID (see `outbox list`).") var id: Int64

        func run() async throws {
            try await OutboxCommand.withEngine(home: home.home) { engine in
                try await engine.outbox.retry(id: id)
                print("Outbox item \(id) is due now.")
            }
        }
    }
}
