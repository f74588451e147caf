import Logging
import ServiceLifecycle

/// The engine's long-running parts as services of the server's service group: they start with it and stop
/// on its graceful shutdown (SIGTERM, SIGINT), in the reverse order of the group's list.
extension Engine {
    /// Retention now and every `interval`, until shutdown.
    public func schedulerService(interval: Duration = .seconds(600), logger: Logger) -> some Service {
        EngineTask(name: "scheduler") { await Scheduler(service: self.chats, interval: interval, logger: logger).run() }
    }

    /// Presence changes nobody's command reports (an agent or customer gone idle, a tab closed) are found by
    /// a sweep every `ChatEngine::PresenceUpdateInterval` seconds.
    public func presenceService(logger: Logger) -> some Service {
        EngineTask(name: "presence-watch") {
            while !Task.isCancelled {
                do { try await self.chats.sweepPresence() } catch { logger.error("presence sweep failed: \(error)") }
                try? await Task.sleep(for: .seconds(self.chats.settings.presenceUpdateInterval))
            }
        }
    }

    /// Beside a ticket system: its people are read again every `ChatEngine::Directory::RefreshInterval`
    /// seconds; while its database does not answer, again after 1, 2, 4 … seconds (at most the interval).
    /// Agents who lost their access are logged out and their sockets told (`ChatService.accessEnded`).
    public func directoryService(logger: Logger) -> some Service {
        EngineTask(name: "directory-refresh") {
            guard !self.chats.people.managesPeople else { return }
            var backoff = 1
            while !Task.isCancelled {
                let interval = self.chats.settings.directory.refreshInterval
                do {
                    for agent in try await self.chats.people.refresh() { self.chats.endAccess(.agent(agent)) }
                    backoff = 1
                    try? await Task.sleep(for: .seconds(interval))
                } catch {
                    logger.error("reading the ticket system's people failed: \(error)")
                    try? await Task.sleep(for: .seconds(min(backoff, interval)))
                    backoff = min(backoff * 2, 3600)
                }
            }
        }
    }

    /// The outbox's worker (`Outbox+Worker`): due items now and every `ChatEngine::Outbox::PollInterval`
    /// seconds. On shutdown an attempt cut short is not recorded: the item is taken again after its claim.
    public func outboxService(logger: Logger) -> some Service {
        EngineTask(name: "outbox") { await self.outbox.run(logger: logger) }
    }

    /// Waits for shutdown, then closes the store once its writer has finished what is queued. First in the
    /// group's list, so it stops last, after everything that writes.
    public func storeService() -> some Service {
        StoreCloser(engine: self)
    }
}

/// A loop that runs until the service group shuts down (then its task is cancelled). A loop that ends
/// early waits for the shutdown, so it does not stop the group.
public struct EngineTask: Service {
    let name: String
    let body: @Sendable () async -> Void

    public init(name: String, body: @escaping @Sendable () async -> Void) {
        self.name = name
        self.body = body
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await body() }
        try? await gracefulShutdown()
    }
}

struct StoreCloser: Service {
    let engine: Engine

    func run() async throws {
        try? await gracefulShutdown()
        await engine.close()
    }
}
