import ChatStore
import Foundation
import Logging
import SysConfig
import TicketSystemPeople

/// Opens the directory `ChatEngine::Directory::Backend` names. Beside a ticket system its settings are read
/// from that system's own files and checked (a set-up ChatEngine cannot honour stops the start, naming the
/// setting), and its people are read once: an unknown table layout stops the start too; a database that
/// does not answer does not (the refresh service retries with backoff, `/health` says why, logins wait).
enum DirectoryOpening {
    static func open(_ settings: DirectorySettings, home: String, store: any ChatStoreProtocol,
        engineSettings: @escaping @Sendable () -> ChatEngineSettings, logger: Logger) async throws -> any PeopleDirectory
    {
        guard settings.backend == .ticketSystemDatabase else {
            return EmbeddedDirectory(store: store, settings: engineSettings)
        }
        let ticketSystemHome = settings.ticketSystemHome.isEmpty ? home
            : settings.ticketSystemHome.hasPrefix("/") ? settings.ticketSystemHome
            : (home as NSString).appendingPathComponent(settings.ticketSystemHome)
        var config = try TicketSystemConfig.read(ConfigLoader(home: ticketSystemHome).loadDeployed(),
            allowSecondFactor: settings.singleSignOn && settings.singleSignOnOnly)
        // the read-only role, also when ChatEngine reads the ticket system's own files (whose DatabaseUser may write)
        if !settings.databaseUser.isEmpty {
            config.database.user = settings.databaseUser
            config.database.password = settings.databasePassword
        }
        let database = TicketSystemReaders.open(config: config, timeout: .seconds(settings.timeout))
        let directory = TicketSystemDirectory(database: database, store: store)
        do {
            _ = try await directory.refresh()
        } catch let failure as TicketSystemFailure {
            if case .layout = failure {
                await database.close()
                throw EngineError.refused(failure.description)
            }
            logger.error("\(failure.description); logins are refused until it answers (retrying)")
        }
        return directory
    }
}
