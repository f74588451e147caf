import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import SysConfig

/// Wires the HTTP application: the three OTRS entry points, the WebSocket, static assets under
/// `/otrs-web/`, and `/health`.
public enum ChatWebApplication {
    public static func router(live: LiveConfig, environment env: WebEnvironment?, publicDirectory: String?) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        if let publicDirectory {
            router.add(middleware: FileMiddleware(publicDirectory, urlBasePath: "/otrs-web"))
        }
        router.get("/health") { _, _ in HealthPage.response(live) }
        guard let env else { return router }
        for interface in Interface.allCases {
            let path = RouterPath(stringLiteral: interface.script)
            router.get(path) { request, context in try await OTRSFrontend.handle(interface, request, context, env: env) }
            router.post(path) { request, context in try await OTRSFrontend.handle(interface, request, context, env: env) }
        }
        router.get("/otrs") { _, _ in OTRSFrontend.redirect(Interface.agent.script) }
        router.get("/") { _, _ in OTRSFrontend.redirect(Interface.agent.script) }
        router.ws("/otrs/ws") { request, context in
            guard try await ChatSocket.authorize(request, context: context, env: env) != nil else {
                throw HTTPError(.forbidden, message: "WebSocket refused: wrong Origin, token or interface.")
            }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let caller = try await ChatSocket.authorize(context.request, context: context.requestContext, env: env) else {
                return
            }
            try await ChatSocket.run(caller: caller, inbound: inbound, outbound: outbound, env: env)
        }
        return router
    }

    public static func build(live: LiveConfig, environment: WebEnvironment?, publicDirectory: String?, host: String, port: Int,
        logger: Logger) -> some ApplicationProtocol
    {
        let router = router(live: live, environment: environment, publicDirectory: publicDirectory)
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router,
                configuration: .init(ws: .init(maxFrameSize: 1 << 20, validateUTF8: true))),
            configuration: .init(address: .hostname(host, port: port), serverName: "ChatEngine"),
            logger: logger
        )
    }
}
