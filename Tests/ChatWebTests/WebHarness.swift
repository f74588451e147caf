import ChatCore
import ChatEngine
import ChatJSON
import ChatStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import SysConfig
import Testing

@testable import ChatWeb

/// A clock the tests move by hand (throttles release after an hour, sessions expire).
final class WebClock: Sendable {
    private let current = Mutex(Date())
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A whole ChatEngine web application on a fresh home (SQLite), with the first-start accounts.
struct WebHarness: Sendable {
    let home: URL
    let env: WebEnvironment
    /// The engine's store, for tests that set up or check what the web layer cannot reach.
    let store: SQLStore
    let clock: WebClock
    let credentials: FirstStart.Credentials
    let hub: Task<Void, Never>

    /// A fresh home with the repository's ChatEngine.xml and a Config.pm: `overrides` are Perl lines for its
    /// Load; test homes raise the limits unless told otherwise.
    static func makeHome(_ overrides: String = "", limits: Bool = true) throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("chatengine-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("Kernel/Config/Files/XML"),
            withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: ServerProcess.repositoryRoot.appendingPathComponent("Kernel/Config/Files/XML/ChatEngine.xml"),
            to: home.appendingPathComponent("Kernel/Config/Files/XML/ChatEngine.xml"))
        // the pages speak the visitor's language from the repository's language files
        try FileManager.default.copyItem(at: ServerProcess.repositoryRoot.appendingPathComponent("Kernel/Language"),
            to: home.appendingPathComponent("Kernel/Language"))
        let limitLines = limits ? """
                $Self->{'ChatEngine::Login::MaxFailuresPerHour'} = 1000;
                $Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerIP'} = 1000;
                $Self->{'ChatEngine::PublicInterface::MaxRequestsPerHourPerVisitor'} = 1000;
                $Self->{'ChatEngine::Messages::BurstPerSender'} = 100000;
            """ : ""
        let config = """
            package Kernel::Config;
            use strict; use warnings; use utf8;
            sub Load {
                my $Self = shift;
                $Self->{'ChatEngine::Active'} = 1;
                $Self->{'ChatEngine::PasswordHashCost'} = 4;
            \(limitLines)
            \(overrides)
                return 1;
            }
            1;

            """
        try config.write(to: home.appendingPathComponent("Kernel/Config.pm"), atomically: true, encoding: .utf8)
        return home
    }

    /// The application on a fresh home (see `makeHome`).
    static func make(_ overrides: String = "", limits: Bool = true) async throws -> WebHarness {
        let home = try makeHome(overrides, limits: limits)
        let live = try LiveConfig(home: home.path)
        let store = try await StoreFactory.open(live.current.chatEngine.database, home: home.path)
        let clock = WebClock()
        let engine = Engine(store: store, settings: { live.current.chatEngine }, clock: { clock.now }, close: { await store.close() })
        let credentials = try #require(try await FirstStart(administration: engine.administration).runIfNewDatabase(home: home.path))
        let pages = try await PageRenderer(templatesDirectory: ServerProcess.repositoryRoot.appendingPathComponent("templates").path,
            webPath: live.current.chatEngine.webPath)
        let env = WebEnvironment(engine: engine, live: live, pages: pages)
        let hub = Task { await env.hub.run() }
        return WebHarness(home: home, env: env, store: store, clock: clock, credentials: credentials, hub: hub)
    }

    func destroy() async {
        hub.cancel()
        await env.engine.close()
        try? FileManager.default.removeItem(at: home)
    }

    var application: some ApplicationProtocol {
        let router = ChatWebApplication.router(live: env.live, environment: env, publicDirectory: nil)
        return Application(router: router,
            server: ChatWebApplication.server(router: router, limits: HTTPLimits(env.live.current.chatEngine)))
    }

    /// Runs `body` against the application (`.router` for HTTP, `.live` for WebSockets), then cleans up.
    static func with(_ overrides: String = "", limits: Bool = true, setup: TestingSetup = .router,
        _ body: @Sendable (WebHarness, any TestClientProtocol) async throws -> Void) async throws
    {
        let harness = try await make(overrides, limits: limits)
        do {
            try await harness.application.test(setup) { client in try await body(harness, client) }
        } catch {
            await harness.destroy()
            throw error
        }
        await harness.destroy()
    }

    /// An agent with chat_owner on `users` (and `rw`), for multi-agent tests.
    func addAgent(_ login: String, first: String, last: String, permissions: [GroupPermission] = [.rw, .chatOwner])
        async throws -> AgentID
    {
        let agent = try await env.engine.administration.addAgent(login: login, firstName: first, lastName: last, email: "\(login)@example.com",
            password: "secret-\(login)")
        for permission in permissions { try await store.link(agent: agent.id, group: "users", permission: permission) }
        return agent.id
    }
}

/// A logged-in browser, as far as HTTP goes: the session cookie and the page's challenge token.
struct WebSession: Sendable {
    let interface: Interface
    let cookie: String?
    let challenge: String?
    var visitorToken: String?

    static let visitor = WebSession(interface: .public, cookie: nil, challenge: nil, visitorToken: nil)

    static func login(_ client: any TestClientProtocol, _ interface: Interface, _ user: String, _ password: String) async throws
        -> WebSession
    {
        let response = try await client.execute(uri: interface.script, method: .post,
            headers: [.contentType: "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: form(["Action": "Login", "User": user, "Password": password])))
        #expect(response.status == .seeOther, "login of \(user)")
        let setCookie = try #require(response.headers[.setCookie])
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = try await client.execute(uri: "\(interface.script)?Action=\(interface.homeAction)", method: .get,
            headers: [.cookie: cookie])
        let config = pageConfig(String(buffer: page.body))
        return WebSession(interface: interface, cookie: cookie, challenge: config?["ChallengeToken"]?.stringValue)
    }

    static func pageConfig(_ html: String) -> JSON? {
        guard let start = html.range(of: "<script id=\"ce-config\" type=\"application/json\">"),
            let end = html.range(of: "</script>", range: start.upperBound..<html.endIndex)
        else { return nil }
        return JSON.parse(String(html[start.upperBound..<end.lowerBound]))
    }

    static func form(_ values: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return values.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
    }

    /// A POST Subaction with the challenge token (unless `challenge: false`); the JSON answer and status.
    func post(_ client: any TestClientProtocol, _ action: String, _ subaction: String, _ params: [String: String] = [:],
        challenge: Bool = true, method: HTTPRequest.Method = .post) async throws -> (status: HTTPResponse.Status, json: JSON)
    {
        var values = params
        values["Action"] = action
        values["Subaction"] = subaction
        if challenge, let token = self.challenge { values["ChallengeToken"] = token }
        if let visitorToken { values["VisitorToken"] = visitorToken }
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        let response: TestResponse
        if method == .get {
            response = try await client.execute(uri: "\(interface.script)?\(Self.form(values))", method: .get, headers: headers)
        } else {
            response = try await client.execute(uri: interface.script, method: .post, headers: headers,
                body: ByteBuffer(string: Self.form(values)))
        }
        return (response.status, JSON.parse(String(buffer: response.body)) ?? .null)
    }

    func get(_ client: any TestClientProtocol, _ query: String) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie { headers[.cookie] = cookie }
        return try await client.execute(uri: "\(interface.script)?\(query)", method: .get, headers: headers)
    }
}

extension JSON {
    var data: JSON? { self["Data"] }
    var errorCode: String? { self["Error"]?["Code"]?.stringValue }
    var ok: Bool { self["OK"] == .bool(true) }
    var array: [JSON] {
        if case .array(let items) = self { return items }
        return []
    }
    var int: Int64? { stringValue.flatMap { Int64($0) } }
}
