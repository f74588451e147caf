import ArgumentParser
import ChatEngine
import ChatStore
import Foundation
import SysConfig

/// The configuration, store and services a command works with, opened from `--home`.
struct EngineContext {
    let active: ActiveConfig
    let store: SQLStore
    let service: ChatService
    var admin: Administration { Administration(service: service) }

    static func open(home: String, migrate: Bool = true) async throws -> EngineContext {
        let active: ActiveConfig
        do {
            active = try ActiveConfig.load(home: home)
        } catch {
            printErrors(error)
            throw ExitCode.failure
        }
        let store = try await StoreFactory.open(active.chatEngine.database, home: home, migrate: migrate)
        let settings = active.chatEngine
        return EngineContext(active: active, store: store, service: ChatService(store: store, settings: { settings }))
    }

    /// Runs `body` on an opened context; store and chat errors become one clear line and exit code 1.
    /// With `changesPeople`, refused beside a ticket system: people are managed there, not here.
    static func run(home: String, migrate: Bool = true, changesPeople: Bool = false,
        _ body: (EngineContext) async throws -> Void) async throws
    {
        let context = try await open(home: home, migrate: migrate)
        if changesPeople && context.active.chatEngine.directory.backend == .ticketSystemDatabase {
            await context.store.close()
            FileHandle.standardError.write(Data(
                "chatengine: people come from the ticket system's database (ChatEngine::Directory::Backend); manage agents, customer users, groups and roles there\n".utf8))
            throw ExitCode.failure
        }
        do {
            try await body(context)
            await context.store.close()
        } catch let exit as ExitCode {
            await context.store.close()
            throw exit
        } catch {
            await context.store.close()
            FileHandle.standardError.write(Data("chatengine: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// A password from `--password`, else asked for on a terminal, else a random one that is printed once.
enum PasswordInput {
    static func obtain(_ given: String?, for who: String) -> (password: String, generated: Bool) {
        if let given { return (given, false) }
        if isatty(STDIN_FILENO) == 1, let typed = getpass("Password for \(who): ").map({ String(cString: $0) }), !typed.isEmpty {
            return (typed, false)
        }
        return (randomPassword(), true)
    }

    static func randomPassword(length: Int = 20) -> String {
        let alphabet = Array("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }
}
