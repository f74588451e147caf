import Hummingbird
import Logging
import SysConfig

/// Wires the HTTP application: routes on top of the live configuration. The chat screens join here.
public enum ChatWebApplication {
    public static func router(live: LiveConfig) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/health") { _, _ in HealthPage.response(live) }
        return router
    }

    public static func build(live: LiveConfig, host: String, port: Int, logger: Logger)
        -> some ApplicationProtocol
    {
        Application(
            router: router(live: live),
            configuration: .init(address: .hostname(host, port: port), serverName: "ChatEngine"),
            logger: logger
        )
    }
}
