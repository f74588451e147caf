import ArgumentParser
import ChatEngine
import ChatWeb
import Dispatch
import Foundation
import Hummingbird
import Logging
import NIOCore
import SysConfig

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the ChatEngine server. SIGHUP or an edit under Kernel/ reloads the configuration.")

    @OptionGroup var home: HomeOption
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Seconds between checks for edits under Kernel/ (0: only SIGHUP reloads).")
    var configPollSeconds = 1.0
    @Option(help: "Directory holding templates/ and public/ (default: the home).")
    var assets: String?

    func run() async throws {
        var logger = Logger(label: "chatengine")
        logger.logLevel = .info
        let live: LiveConfig
        do {
            live = try LiveConfig(home: home.home)
        } catch {
            printErrors(error)
            throw ExitCode.failure
        }
        // A taken port is said in one line, before the database is opened or any URL printed.
        switch ListenCheck.check(host: host, port: port) {
        case .free: break
        case .inUse:
            ListenCheck.printError(ListenCheck.inUseMessage(host: host, port: port))
            throw ExitCode.failure
        case .failed(let reason):
            ListenCheck.printError(ListenCheck.failedMessage(host: host, port: port, reason: reason))
            throw ExitCode.failure
        }
        try FileManager.default.createDirectory(
            atPath: (home.home as NSString).appendingPathComponent("var"), withIntermediateDirectories: true)
        // ChatEngine's own database: migrated at start; a DSN change takes a restart.
        let engine: Engine
        do {
            engine = try await Engine.open(home: home.home, settings: { live.current.chatEngine })
        } catch let error as ConfigLoadError {
            FileHandle.standardError.write(Data("chatengine: the ticket system's settings cannot be used:\n".utf8))
            printErrors(error)
            throw ExitCode.failure
        } catch {
            FileHandle.standardError.write(Data("chatengine: cannot start: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let people = engine.chats.people
        // beside a ticket system, people are its own: no accounts are made here
        let credentials = people.managesPeople
            ? try await FirstStart(administration: engine.administration).runIfNewDatabase(home: home.home) : nil
        let assetsDirectory = assets ?? home.home
        let pages = try await PageRenderer(templatesDirectory: (assetsDirectory as NSString).appendingPathComponent("templates"),
            webPath: live.current.chatEngine.webPath)
        let environment = WebEnvironment(engine: engine, live: live, pages: pages)
        let hangup = Self.reloadOnHangup(live)
        defer { hangup.cancel() }

        let base = "http://\(ListenCheck.address(host: host, port: port))"
        var banner = """
            ChatEngine is starting on \(base) (home \(home.home), config digest \(live.status.digest.prefix(12))).
            Open:
              Agents:    \(base)/otrs/index.pl
              Customers: \(base)/otrs/customer.pl
              Public:    \(base)/otrs/public.pl?Action=PublicChat
              Health:    \(base)/health
            People come from \(people.name)\(people.problem().map { ", which cannot be reached yet: \($0)" } ?? ".")

            """
        if let credentials {
            banner += """
                First start: accounts created (passwords shown once; also in \(credentials.file), mode 0600):
                  Agent:         \(credentials.agentLogin)  password \(credentials.agentPassword)
                  Customer user: \(credentials.customerLogin)  password \(credentials.customerPassword)

                """
        }
        // written straight to the descriptor: shown at once even when the output goes to a pipe or a log
        FileHandle.standardOutput.write(Data(banner.utf8))
        let options = ChatWebApplication.Options(host: host, port: port,
            publicDirectory: (assetsDirectory as NSString).appendingPathComponent("public"),
            configPollInterval: configPollSeconds > 0 ? .milliseconds(Int(configPollSeconds * 1000)) : nil)
        let (group, report) = ChatWebApplication.serviceGroup(environment: environment, options: options, logger: logger)
        do {
            try await group.run()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            // taken between the check and the bind (two servers starting at once): the same one line. Nothing
            // was served, so the process ends here rather than tearing down an engine that never ran.
            ListenCheck.printError(ListenCheck.inUseMessage(host: host, port: port))
            Glibc.exit(EXIT_FAILURE)
        }
        logger.info("ChatEngine stopped: \(report.socketsClosed) live connection(s) closed with 1012, queued writes committed, store closed.")
    }

    /// SIGHUP reloads the configuration, as it does for OTRS's daemons.
    private static func reloadOnHangup(_ live: LiveConfig) -> any DispatchSourceSignal {
        signal(SIGHUP, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        source.setEventHandler { live.reload(reason: "SIGHUP") }
        source.resume()
        return source
    }
}
