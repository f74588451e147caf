import ChatEngine
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization
import SysConfig

/// The whole server assembled in one readable place: the router (the three OTRS entry points, the
/// WebSocket, static assets under `ChatEngine::Frontend::WebPath`, `/health`), the HTTP application, and the services that
/// run beside it under one service group, which SIGTERM and SIGINT shut down gracefully.
public enum ChatWebApplication {
    public static func router(live: LiveConfig, environment env: WebEnvironment?, publicDirectory: String?) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        if let publicDirectory {
            // read at start, like the pages' links (PageRenderer): a changed path takes a restart
            let webPath = String(live.current.chatEngine.webPath.dropLast())
            router.add(middleware: FileMiddleware(publicDirectory, urlBasePath: webPath))
        }
        router.get("/health") { _, _ in HealthPage.response(live, people: env?.engine.chats.people) }
        guard let env else { return router }
        router.add(middleware: WidgetGate(env: env))  // allowed websites: the widget's availability, framed pages' CSP
        for interface in Interface.allCases {
            let path = RouterPath(stringLiteral: interface.script)
            router.get(path) { request, context in try await OTRSFrontend.handle(interface, request, context, env: env) }
            router.post(path) { request, context in try await OTRSFrontend.handle(interface, request, context, env: env) }
        }
        router.get("/otrs") { _, _ in OTRSFrontend.redirect(Interface.agent.script) }
        router.get("/") { _, _ in OTRSFrontend.redirect(Interface.agent.script) }
        router.ws("/otrs/ws") { request, context in
            // refused: wrong Origin, token, interface or groups (the library answers 400, with no reason given)
            guard try await ChatSocket.authorize(request, context: context, env: env) != nil else { return .dontUpgrade }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let caller = try await ChatSocket.authorize(context.request, context: context.requestContext, env: env) else {
                return
            }
            try await ChatSocket.run(caller: caller, language: ChatSocket.LanguageHints(context.request), inbound: inbound,
                outbound: outbound, env: env)
        }
        return router
    }

    /// Frames up to 1 MiB (1009 beyond), UTF-8 checked (1007); a client that does not answer a close within
    /// 3 s is cut off (it reconnects and resumes).
    static let webSocketConfiguration = WebSocketServerConfiguration(maxFrameSize: 1 << 20, closeTimeout: .seconds(3),
        validateUTF8: true)

    /// HTTP/1 with the WebSocket upgrade, behind the connection guard (timeouts, sizes, connections per
    /// address). The decoder's own limits refuse an oversized header block before it is buffered.
    static func server(router: Router<WebContext>, limits: HTTPLimits) -> HTTPServerBuilder {
        let decoder = HTTP1Channel.Configuration.DecoderConfiguration(maxHeaderFieldSize: limits.maxHeaderBytes,
            maxHeaderListSize: limits.maxHeaderBytes, maxHeaderFieldCount: limits.maxHeaderCount)
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(httpDecoderConfiguration: decoder), ws: webSocketConfiguration)
        let webSocketResponder = router.buildResponder()
        let slots = ConnectionSlots()
        return HTTPServerBuilder { [configuration] responder in
            GuardedHTTPChannel(
                inner: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder,
                    configuration: configuration),
                limits: limits, slots: slots)
        }
    }

    public static func application(live: LiveConfig, environment: WebEnvironment?, publicDirectory: String?, host: String,
        port: Int, logger: Logger) -> some ApplicationProtocol
    {
        let router = router(live: live, environment: environment, publicDirectory: publicDirectory)
        return Application(
            router: router,
            server: server(router: router, limits: HTTPLimits(live.current.chatEngine)),
            configuration: .init(address: .hostname(host, port: port), serverName: "ChatEngine"),
            logger: logger
        )
    }

    /// Where the server listens and what it serves beside the chat.
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var publicDirectory: String?
        /// Between checks for edits under `Kernel/` (nil: only SIGHUP reloads).
        public var configPollInterval: Duration?
        /// How long shutdown waits for the pages' sockets to close.
        public var socketCloseTimeout: Duration = .seconds(5)

        public init(host: String, port: Int, publicDirectory: String?, configPollInterval: Duration?) {
            self.host = host
            self.port = port
            self.publicDirectory = publicDirectory
            self.configPollInterval = configPollInterval
        }
    }

    /// The server as one service group. Start order: the store (it stops last, once its writer has
    /// finished what is queued), the scheduler, the configuration watcher, the live hub, the HTTP server,
    /// and last the socket closer: on SIGTERM/SIGINT it goes first and closes every WebSocket with 1012
    /// (the pages reconnect and resend what is unanswered), then the server stops taking connections and
    /// finishes its requests, then the rest stops in reverse order.
    public static func serviceGroup(environment env: WebEnvironment, options: Options, logger: Logger)
        -> (group: ServiceGroup, report: ShutdownReport)
    {
        let engine = env.engine
        let report = ShutdownReport()
        let app = application(live: env.live, environment: env, publicDirectory: options.publicDirectory, host: options.host,
            port: options.port, logger: logger)
        var services: [any Service] = [
            engine.storeService(),
            engine.schedulerService(logger: Logger(label: "chatengine.scheduler")),
            engine.presenceService(logger: Logger(label: "chatengine.presence")),
            engine.directoryService(logger: Logger(label: "chatengine.directory")),
            engine.outboxService(logger: Logger(label: "chatengine.outbox")),
        ]
        if let interval = options.configPollInterval {
            services.append(EngineTask(name: "config-watcher") { await ConfigWatcher(live: env.live, interval: interval).run() })
        }
        services.append(EngineTask(name: "live-hub") { await env.hub.run() })
        // people whose access ended in the ticket system: their sockets on this node close at once
        let accessEnded = engine.chats.accessEnded.subscribe()
        services.append(EngineTask(name: "access-ended") { for await person in accessEnded { env.hub.endAccess(of: person) } })
        services.append(EngineTask(name: "session-watch") { await SessionWatch(env: env).run() })
        services.append(app)
        services.append(SocketCloser(hub: env.hub, timeout: options.socketCloseTimeout, report: report))
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger))
        return (group, report)
    }

    /// What the shutdown did, for its one log line.
    public final class ShutdownReport: Sendable {
        private let closed = Mutex(0)
        public var socketsClosed: Int { closed.withLock { $0 } }
        func record(_ count: Int) { closed.withLock { $0 = count } }
    }
}

/// The first to stop: closes the pages' WebSockets with 1012 and wakes the long polls.
struct SocketCloser: Service {
    let hub: LiveHub
    let timeout: Duration
    let report: ChatWebApplication.ShutdownReport

    func run() async throws {
        guard (try? await gracefulShutdown()) != nil else { return }  // cancelled: nothing to close gracefully
        report.record(await hub.closeAll(timeout: timeout))
    }
}
