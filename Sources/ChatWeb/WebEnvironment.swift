import ChatCore
import ChatEngine
import Foundation
import Synchronization
import SysConfig

/// Everything the Actions share: the chat service and its helpers, the live configuration, the pages,
/// the limits and the live hub.
public final class WebEnvironment: Sendable {
    public let service: ChatService
    public let authenticator: Authenticator
    public let administration: Administration
    public let live: LiveConfig
    let pages: PageRenderer
    let hub: LiveHub
    /// Failed logins, keyed "account:<login>" and "ip:<address>".
    let loginFailures = HourlyLimiter()
    /// New public chat requests per IP.
    let publicRequests = HourlyLimiter()
    /// A visitor's first request by CommandID, for 10 minutes: a resend (the answer got lost) gets the same
    /// visitor and chat instead of a second one.
    let firstRequests = Mutex<[String: (answer: JSON, at: Date)]>([:])
    /// Per-agent screen preferences (request filter, chat order): kept while the server runs.
    let preferences = Mutex<[AgentID: AgentPreferences]>([:])

    public init(service: ChatService, live: LiveConfig, pages: PageRenderer) {
        self.service = service
        self.authenticator = Authenticator(service: service)
        self.administration = Administration(service: service)
        self.live = live
        self.pages = pages
        self.hub = LiveHub(service: service)
    }

    var settings: ChatEngineSettings { live.current.chatEngine }
    var modules: ModuleRegistry { ModuleRegistry(config: live.current.loaded) }

    func preferences(of agent: AgentID) -> AgentPreferences {
        preferences.withLock { $0[agent] ?? AgentPreferences() }
    }

    func updatePreferences(of agent: AgentID, _ change: (inout AgentPreferences) -> Void) {
        preferences.withLock { table in
            var value = table[agent] ?? AgentPreferences()
            change(&value)
            table[agent] = value
        }
    }

    /// Starts the live hub (fan-out of the event bus to connections); runs until cancelled.
    public func runHub() async {
        await hub.run()
    }
}

struct AgentPreferences: Sendable {
    var filter: ChatService.ChannelFilter = .all
    /// General requests the agent declined: hidden from their lists only (others may still accept).
    var dismissed: Set<ChatID> = []
}
