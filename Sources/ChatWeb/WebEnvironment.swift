import ChatCore
import ChatEngine
import Foundation
import SysConfig

/// Everything the Actions share: the engine (their one way to people, chats and sessions), the live
/// configuration, the pages, the abuse limits and the live hub.
public final class WebEnvironment: Sendable {
    public let engine: Engine
    public let live: LiveConfig
    let pages: PageRenderer
    let hub: LiveHub
    /// Failed logins, keyed "account:<login>" and "ip:<address>".

    public init(engine: Engine, live: LiveConfig, pages: PageRenderer) {
        self.engine = engine
        self.live = live
        self.pages = pages
        self.hub = LiveHub(engine: engine)
        engine.mail.useTranslator { live.current.translator }  // transcript mails in the asker's language
    }

    var service: ChatService { engine.chats }
    var settings: ChatEngineSettings { live.current.chatEngine }
    var modules: ModuleRegistry { ModuleRegistry(config: live.current.loaded) }
}
