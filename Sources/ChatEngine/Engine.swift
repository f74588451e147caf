import ChatCore
import ChatStore
import Foundation
import Logging
import SysConfig

/// ChatEngine's one door: everything the web layer (and later connectors) may do goes through these use
/// cases. The store behind them is the engine's own; callers see engine and domain types only.
///
/// - `chats`: commands on chats and what people see of them (`Chats/`)
/// - `sessions`: logins, sessions and visitor tokens (`Directory/`)
/// - `directory`: who is who, for the screens (`Directory/`)
/// - `administration`: channels, agents, groups, roles, permissions, customers (`Directory/`)
/// - `account`: what a person changes for themselves: password, preferences (`Directory/`)
/// - `tickets`: chats into tickets, and the ticket screens (`Tickets/`)
/// - `outbox`: work after a commit that may fail and must not be lost (`Outbox/`)
/// - `transcripts`: a chat's transcript as a PDF download, per viewer (`Transcripts/`)
/// - `mail`: a closed chat's conversation by e-mail to its customer side, through the outbox (`Mail/`)
public final class Engine: Sendable {
    public let chats: ChatService
    public let sessions: Authenticator
    public let directory: Directory
    public let administration: Administration
    public let account: Account
    public let tickets: Tickets
    public let outbox: Outbox
    public let transcripts: Transcripts
    public let mail: TranscriptMail
    private let closeStore: @Sendable () async -> Void

    public var presence: PresenceBoard { chats.presence }
    public var bus: ChatEventBus { chats.bus }
    public var settings: ChatEngineSettings { chats.settings }

    /// An engine on an open store; `close` closes the store (its writer first finishes what is queued).
    public init(store: any ChatStoreProtocol, settings: @escaping @Sendable () -> ChatEngineSettings,
        people: (any PeopleDirectory)? = nil, ticketBackend: (any TicketBackend)? = nil,
        clock: @escaping @Sendable () -> Date = { Date() }, close: @escaping @Sendable () async -> Void = {})
    {
        chats = ChatService(store: store, settings: settings, people: people, clock: clock)
        sessions = Authenticator(service: chats)
        directory = Directory(service: chats)
        administration = Administration(service: chats)
        account = Account(service: chats)
        outbox = Outbox(store: store, settings: { settings().outbox }, clock: clock)
        tickets = Tickets(service: chats, backend: ticketBackend
            ?? EmbeddedTicketBackend(store: store, systemID: { settings().systemID }, clock: clock), outbox: outbox)
        outbox.register(TicketArticlesHandler(tickets: tickets))
        transcripts = Transcripts(service: chats)
        mail = TranscriptMail(service: chats, transcripts: transcripts, outbox: outbox)
        outbox.register(TranscriptMailHandler(mail: mail))
        chats.closeWork.set { [tickets] in await tickets.closeWork($0, pending: $1) }
        chats.closeHook.set { [mail] in await mail.chatClosed($0) }
        closeStore = close
    }

    /// Opens ChatEngine's own database as `ChatEngine::Database::*` names it, migrating it, and the directory
    /// `ChatEngine::Directory::*` names (beside a ticket system: a first reading of its people, see
    /// `DirectoryOpening`), with the default channel in place.
    public static func open(home: String, settings: @escaping @Sendable () -> ChatEngineSettings,
        clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "chatengine.directory"))
        async throws -> Engine
    {
        let store = try await StoreFactory.open(settings().database, home: home)
        do {
            let people = try await DirectoryOpening.open(settings().directory, home: home, store: store,
                engineSettings: settings, logger: logger)
            let backend = try TicketBackendOpening.open(settings().ticketBackend, home: home, people: people)
            let engine = Engine(store: store, settings: settings, people: people, ticketBackend: backend, clock: clock, close: {
                await store.close()
            })
            do {
                _ = try await engine.chats.defaultChannel()
            } catch StoreError.notFound(let what) where people.problem() != nil {
                // its group is the ticket system's, not read yet: the channel is made when first needed
                logger.warning("the default chat channel waits for the ticket system's groups (\(what))")
            }
            return engine
        } catch {
            await store.close()
            throw error
        }
    }

    /// Finishes the queued writes and closes the store.
    public func close() async {
        await closeStore()
    }
}
