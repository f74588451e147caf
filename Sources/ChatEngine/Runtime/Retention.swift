import ChatStore
import Foundation
import Logging
import SysConfig

/// Deletes closed chats after `ChatEngine::ChatTTL` hours and unclosed ones after `ChatDecayTime` days,
/// unless linked to a ticket. Run by the server's scheduler and by `chatengine maint chat-cleanup`.
public enum Retention {
    @discardableResult
    public static func run(store: any ChatRepository, settings: ChatEngineSettings, now: Date) async throws -> Int {
        try await store.deleteExpiredChats(
            closedBefore: now.addingTimeInterval(-Double(settings.chatTTLHours) * 3600),
            unclosedBefore: now.addingTimeInterval(-Double(settings.chatDecayDays) * 86400))
    }
}

/// The server's periodic jobs.
public struct Scheduler: Sendable {
    public let service: ChatService
    public let interval: Duration
    public let logger: Logger

    public init(service: ChatService, interval: Duration = .seconds(600), logger: Logger = Logger(label: "chatengine.scheduler")) {
        self.service = service
        self.interval = interval
        self.logger = logger
    }

    /// Runs until cancelled: retention now, then every `interval`.
    public func run() async {
        while !Task.isCancelled {
            do {
                let deleted = try await Retention.run(store: service.store, settings: service.settings, now: service.now())
                if deleted > 0 { logger.info("retention: deleted \(deleted) expired chat(s)") }
                try await service.deleteExpiredAbuseRecords()  // request counts older than the hour, expired blocks
            } catch {
                logger.error("retention failed: \(error)")
            }
            try? await Task.sleep(for: interval)
        }
    }
}
