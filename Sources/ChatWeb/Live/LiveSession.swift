import ChatCore
import ChatEngine
import ChatJSON
import Foundation

/// The server half of one WebSocket: everything happens in arrival order, so a command's result and
/// the events it caused reach the tab in a sensible order.
struct LiveSession {
    let env: WebEnvironment
    let caller: Caller
    let person: Person
    let language: ChatSocket.LanguageHints
    let send: @Sendable (JSON) -> Void
    var cursor: FeedCursor?
    var lastSessionCheck = Date()
    /// The last request lists sent, so an unchanged list is not sent again.
    var lastRequests = ""

    init(env: WebEnvironment, caller: Caller, person: Person, language: ChatSocket.LanguageHints = .init(),
        send: @escaping @Sendable (JSON) -> Void)
    {
        self.env = env
        self.caller = caller
        self.person = person
        self.language = language
        self.send = send
    }

    /// The tab's feed, its system lines in the tab's language (the one rule of `PageLanguage.resolve`).
    var feed: ViewerFeed {
        let page = PageLanguage.resolve(for: caller, lang: language.lang, acceptLanguage: language.acceptLanguage,
            translator: env.live.current.translator)
        return ViewerFeed(env: env, interface: caller.interface, viewer: person, language: page.chat)
    }

    /// Handles one input; false when the session ended and the socket must close.
    mutating func handle(_ input: ChatSocket.Input) async -> Bool {
        do {
            switch input {
            case .reply(let frame):
                send(frame)
            case .client(let type, let frame):
                try await client(type, frame)
            case .signal(let signal):
                try await server(signal)
            }
        } catch let error as WebError where error.code == WebError.noSession.code {
            let failure = language.failure(error, caller: caller, env: env)
            send(ChatSocket.errorFrame(failure.code, failure.message))
            return false
        } catch {
            let failure = language.failure(error, caller: caller, env: env)
            send(ChatSocket.errorFrame(failure.code, failure.message))
        }
        return true
    }

    private mutating func client(_ type: String, _ frame: JSON) async throws {
        let now = env.service.now()
        switch type {
        case "Hello":
            try await checkSessionEveryMinute(force: true)
            var fresh = FeedCursor(feed: feed, since: FeedCursor.parseSince(frame["Since"]))
            for item in try await fresh.start() { send(item) }
            cursor = fresh
        case "Typing":
            guard let id = frame["ChatID"]?.stringValue.flatMap({ Int64($0) }) else { return }
            env.service.presence.input(person, at: now)
            await env.hub.typing(in: ChatID(id), by: person, internal: frame["Internal"] == .bool(true))
        case "Heartbeat":
            try await checkSessionEveryMinute()
            if frame["Input"] == .bool(true) {
                env.service.presence.input(person, at: now)
            } else {
                env.service.presence.heartbeat(person, at: now)
            }
        default:
            send(ChatSocket.errorFrame("Malformed", "Unknown frame Type \(type)."))
        }
    }

    private mutating func server(_ signal: LiveHub.Signal) async throws {
        guard var current = cursor else { return }  // nothing before Hello: the snapshot covers it
        try await checkSessionEveryMinute()
        defer { cursor = current }
        switch signal {
        case .chat(let chat, let events):
            if let frame = try await current.catchUp(chat, fresh: events) {
                send(frame.json)
                notifyIfMonitored(frame)
            }
            // an invitation to a running chat belongs in the agent's personal requests
            if case .agent(let agent) = person, chat.state == .active, chat.participant(person)?.state == .invited {
                sendRequestsIfChanged(try await feed.requests(of: agent))
            }
        case .summary(let chat):
            if let frame = try await current.summary(chat) { send(frame) }
        case .requestsChanged:
            guard case .agent(let agent) = person else { return }
            sendRequestsIfChanged(try await feed.requests(of: agent))
        case .typing(let id, let from):
            guard let chat = try? await env.service.chat(id) else { return }
            let naming = try await env.service.naming(for: chat)
            send(["Type": "Typing", "ChatID": .int(id.rawValue),
                  "Name": .string(ChatView.name(of: from, in: chat, for: person, naming: naming))])
        case .notification(let title, let body, let chat):
            send(["Type": "Notification", "Title": .string(title), "Body": .string(body), "ChatID": .int(chat.rawValue)])
        case .shutdown, .sessionEnded:
            break  // the socket's listener closes it
        }
    }

    private mutating func sendRequestsIfChanged(_ requests: JSON) {
        let text = requests.text
        guard text != lastRequests else { return }
        lastRequests = text
        send(["Type": "Requests", "Data": requests])
    }

    /// Monitoring (`ChatAudience.monitoringAlert`): "customer activity" notifies on what customers and
    /// visitors do, "all actions" on everything others do.
    private func notifyIfMonitored(_ frame: FeedCursor.Frame) {
        guard person.isAgent, let level = frame.chat.participant(person)?.monitoring,
            let event = ChatAudience.monitoringAlert(level: level, events: frame.rendered)
        else { return }
        let id = frame.chat.id.rawValue
        send(["Type": "Notification", "Title": .string("Chat \(id): \(event.author)"),
              "Body": .string(String(event.text.prefix(200))), "ChatID": .int(id)])
    }

    /// A session ended elsewhere (logout, expiry) ends the socket's rights too; checked once a minute
    /// so the hot path does not touch the session table.
    private mutating func checkSessionEveryMinute(force: Bool = false) async throws {
        guard let token = caller.sessionToken, force || Date().timeIntervalSince(lastSessionCheck) > 60 else { return }
        guard try await env.engine.sessions.session(token) != nil else { throw WebError.noSession }
        lastSessionCheck = Date()
    }
}
