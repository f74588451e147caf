import ChatJSON
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// `chatengine serve` stopped with SIGTERM while a tab fires commands: every WebSocket is closed with 1012
/// ("service restart"), the process logs "ChatEngine stopped" and exits 0. After a restart on the same home
/// and port the tab resends what was not acknowledged, with the same CommandIDs. In the end each command
/// is stored exactly once, and what was acknowledged is stored with the acknowledged Seq. A tab that never
/// answers the close frame must not hold the shutdown.
@Suite("Graceful shutdown of chatengine serve", .serialized, .timeLimit(.minutes(3)))
struct ShutdownTests {
    static let burst = 200
    /// OK results seen before the SIGTERM goes out.
    static let okBeforeSignal = 20

    @Test("SIGTERM: sockets close with 1012; commands in flight are acknowledged and stored, or resent after the restart")
    func commandsInFlightSurviveRestart() async throws {
        let home = try Self.makeHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home,
            arguments: ["--assets", ServerProcess.repositoryRoot.path, "--config-poll-seconds", "0"])
        _ = try await server.waitForHealth { _ in true }
        let port = server.port
        let agentPassword = try Self.initialAgentPassword(home)

        // a visitor asks, the agent accepts; both open their sockets
        let (agent, visitor, chat) = try await ProcessHTTP.with(port: port) { http in
            let agent = try await http.login(.agent, "root@localhost", agentPassword)
            let set = try await http.post(agent, "AgentChat", "SetAvailability", ["Availability": "external"])
            #expect(set.json.data?["Availability"] == "external")
            let created = try await http.post(.visitor, "PublicChat", "CreateChatRequest", ["Name": "Ann Visitor", "Message": "Hello"])
            var visitor = WebSession.visitor
            visitor.visitorToken = try #require(created.json.data?["VisitorToken"]?.stringValue, "\(created.json.text)")
            let chat = try #require(created.json.data?["ChatID"]?.stringValue)
            #expect(try await http.post(agent, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
            return (agent, visitor, chat)
        }
        let visitorQuery = "Interface=Public&VisitorToken=\(visitor.visitorToken ?? "")"
        let agentSocket = try await TestSocket.connect(port: port, query: "Interface=Agent&ChallengeToken=\(agent.challenge ?? "")",
            cookie: agent.cookie)
        let visitorSocket = try await TestSocket.connect(port: port, query: visitorQuery)
        for socket in [agentSocket, visitorSocket] {
            try await socket.send(["Type": "Hello", "Since": [:]])
            _ = try await socket.next("Snapshot")
        }

        // the burst; SIGTERM once the first results are in
        let commands = (1...Self.burst).map { BurstCommand(index: $0, chat: chat) }
        let pid = server.process.processIdentifier
        let deadline = Date().addingTimeInterval(45)
        async let agentEnd = onThread { Self.drain(agentSocket.socket, until: deadline) }
        async let collected = onThread {
            Self.collectResults(visitorSocket.socket, signalling: pid, afterOKs: Self.okBeforeSignal, until: deadline)
        }
        let fired = await onThread { Self.fire(commands.map(\.frame), on: visitorSocket.socket) }
        let outcome = await collected
        let agentOutcome = await agentEnd
        #expect(outcome.signalled, "no \(Self.okBeforeSignal) OK results before the deadline: \(outcome.results.count) results")
        #expect(outcome.duplicateResults.isEmpty, "two Results for \(outcome.duplicateResults)")
        #expect(outcome.end.closeCode == 1012, "the visitor's socket: \(outcome.end)")
        #expect(agentOutcome.closeCode == 1012, "the agent's socket: \(agentOutcome)")

        guard let ended = await server.exitOrKill(within: 30, failure: "the server did not exit within 30 s of SIGTERM") else { return }
        let log = server.outputText()
        #expect(ended == ServerProcess.Exit(status: 0, exited: true), "\(ended)\n\(log)")
        let stopped = log.split(separator: "\n").filter { $0.contains("ChatEngine stopped") }
        #expect(stopped.count == 1, "one \"ChatEngine stopped\" line in:\n\(log)")

        // what the tab knows: acknowledged (OK Result) or not (no Result, an error, never sent)
        var acknowledged: [String: Int64] = [:]
        for command in commands {
            if let result = outcome.results[command.id], result.ok, let seq = result.data?["Seq"]?.int {
                acknowledged[command.id] = seq
            }
        }
        let unacknowledged = commands.filter { acknowledged[$0.id] == nil }
        let refusals = outcome.results.values.filter { !$0.ok }.reduce(into: [String: Int]()) { $0[$1.errorCode ?? "?", default: 0] += 1 }
        print("ShutdownTests: \(fired) of \(commands.count) commands sent; \(acknowledged.count) acknowledged, "
            + "refused \(refusals.sorted { $0.key < $1.key }), \(unacknowledged.count) to resend; \(outcome.end); "
            + "\(ended); \(stopped.first ?? "no stop line")")

        // the restarted server: same home, same port; the visitor token and the chat are in the store
        let restarted = try server.restart()
        _ = try await restarted.waitForHealth { _ in true }
        let reader = try await ProcessHTTP.with(port: port) { http in try await http.login(.agent, "root@localhost", agentPassword) }
        // before any resend: everything acknowledged is there; some unacknowledged commands may be too
        // (stored, but the Result did not go out before the close)
        let storedBefore = Self.burstMessages(try await ProcessHTTP.with(port: port) { http in
            try await http.history(reader, chat: chat)
        })
        for command in commands {
            guard let seq = acknowledged[command.id] else { continue }
            #expect(storedBefore[command.text] == [seq],
                "acknowledged \(command.id) with Seq \(seq); stored after the restart with \(storedBefore[command.text] ?? [])")
        }
        let storedUnacknowledged = unacknowledged.filter { storedBefore[$0.text] != nil }

        let again = try await TestSocket.connect(port: port, query: visitorQuery)
        try await again.send(["Type": "Hello", "Since": [:]])
        _ = try await again.next("Snapshot")
        // two acknowledged commands go again too: a resend is answered with the original Seq
        let probes = [commands.first { acknowledged[$0.id] != nil }, commands.last { acknowledged[$0.id] != nil }]
            .compactMap { $0 }.reduce(into: [BurstCommand]()) { if !$0.contains($1) { $0.append($1) } }
        let resendDeadline = Date().addingTimeInterval(45)
        let resent = await onThread { Self.resend(probes + unacknowledged, on: again.socket, until: resendDeadline) }
        #expect(resent.unanswered.isEmpty, "not acknowledged after the restart: \(resent.unanswered)")
        for probe in probes {
            #expect(resent.seqs[probe.id] == acknowledged[probe.id], "the resend of acknowledged \(probe.id)")
        }
        for command in storedUnacknowledged {
            #expect(resent.seqs[command.id].map { [$0] } == storedBefore[command.text],
                "\(command.id) was stored with \(storedBefore[command.text] ?? []) before its resend, answered \(resent.seqs[command.id].map(String.init) ?? "nothing")")
        }
        print("ShutdownTests: after the restart \(storedUnacknowledged.count) unacknowledged command(s) were already stored; "
            + "\(resent.seqs.count) resends acknowledged")

        // the whole history, as the agent reads it
        let stored = Self.burstMessages(try await ProcessHTTP.with(port: port) { http in try await http.history(reader, chat: chat) })
        for command in commands {
            let seqs = stored[command.text] ?? []
            if let seq = acknowledged[command.id] {
                #expect(seqs == [seq], "acknowledged \(command.id) with Seq \(seq); stored with \(seqs)")
            } else {
                #expect(seqs.count == 1 && seqs == resent.seqs[command.id].map { [$0] },
                    "resent \(command.id), acknowledged with \(resent.seqs[command.id].map(String.init) ?? "nothing"); stored with \(seqs)")
            }
        }
        #expect(stored.values.allSatisfy { $0.count == 1 }, "texts stored twice: \(stored.filter { $0.value.count > 1 }.keys.sorted())")
        #expect(stored.values.reduce(0) { $0 + $1.count } == Self.burst)
        #expect(Set(stored.values.flatMap { $0 }).count == Self.burst, "every message its own Seq")

        // and the restarted server stops the same way (the tab answers the close, as browsers do)
        restarted.terminate()
        let lastClose = await onThread { Self.drain(again.socket, until: Date().addingTimeInterval(30)) }
        #expect(lastClose.closeCode == 1012, "the restarted server's close: \(lastClose)")
        let lastExit = await restarted.waitForExit(seconds: 30)
        #expect(lastExit == ServerProcess.Exit(status: 0, exited: true), "the restarted server: \(String(describing: lastExit))")
    }

    @Test("SIGTERM: a tab that never answers the 1012 close frame does not hold the shutdown")
    func silentTabDoesNotHoldShutdown() async throws {
        let home = try Self.makeHome()
        defer { try? FileManager.default.removeItem(at: home) }
        let server = try ServerProcess(home: home,
            arguments: ["--assets", ServerProcess.repositoryRoot.path, "--config-poll-seconds", "0"])
        _ = try await server.waitForHealth { _ in true }
        let agentPassword = try Self.initialAgentPassword(home)
        let visitor = try await ProcessHTTP.with(port: server.port) { http in
            let agent = try await http.login(.agent, "root@localhost", agentPassword)
            _ = try await http.post(agent, "AgentChat", "SetAvailability", ["Availability": "external"])
            let created = try await http.post(.visitor, "PublicChat", "CreateChatRequest", ["Name": "Sam Silent", "Message": "Hi"])
            return try #require(created.json.data?["VisitorToken"]?.stringValue, "\(created.json.text)")
        }
        let socket = try await TestSocket.connect(port: server.port, query: "Interface=Public&VisitorToken=\(visitor)")
        try await socket.send(["Type": "Hello", "Since": [:]])
        _ = try await socket.next("Snapshot")

        // a frozen tab (or a connection gone half-open): it reads, but never sends the close frame back
        server.terminate()
        let deadline = Date().addingTimeInterval(30)
        let close = await onThread { Self.drain(socket.socket, answering: false, until: deadline) }
        #expect(close.closeCode == 1012, "\(close)")
        let ended = await server.waitForExit(seconds: 30)
        #expect(ended == ServerProcess.Exit(status: 0, exited: true),
            "30 s after SIGTERM: \(ended.map(String.init(describing:)) ?? "still running")")
        if ended == nil {
            socket.socket.hangUp()  // the tab goes away after all: the server can finish
            if await server.waitForExit(seconds: 15) == nil { server.terminate(with: SIGKILL) }
        }
    }

    /// The burst's messages in a chat history: text → the Seqs it is stored with.
    static func burstMessages(_ history: [JSON]) -> [String: [Int64]] {
        var stored: [String: [Int64]] = [:]
        for event in history where event["Kind"] == "message" {
            guard let text = event["Text"]?.stringValue, text.hasPrefix(BurstCommand.prefix), let seq = event["Seq"]?.int
            else { continue }
            stored[text, default: []].append(seq)
        }
        return stored
    }

    // MARK: - the tab's side, on its own threads (blocking reads must not hold the cooperative pool)

    struct BurstOutcome: Sendable {
        /// The first Result frame for each CommandID.
        var results: [String: JSON] = [:]
        var duplicateResults: [String] = []
        var signalled = false
        /// How the socket ended: its close frame, or how reading stopped.
        var end: RawWebSocket.Frame = .timedOut
    }

    /// Reads the visitor's frames until the socket closes: every Result, and SIGTERM to `pid` once
    /// `afterOKs` of them were OK (or at half time, so a broken server still gets stopped).
    static func collectResults(_ socket: RawWebSocket, signalling pid: Int32, afterOKs: Int, until deadline: Date) -> BurstOutcome {
        var outcome = BurstOutcome()
        var oks = 0
        var sent = false
        let signalBy = Date().addingTimeInterval(deadline.timeIntervalSinceNow / 2)
        while Date() < deadline {
            if !sent && (oks >= afterOKs || Date() > signalBy) {
                kill(pid, SIGTERM)
                sent = true
                outcome.signalled = oks >= afterOKs
            }
            let frame = socket.nextFrame()
            switch frame {
            case .text(let text):
                guard let json = JSON.parse(text), json["Type"] == "Result", let id = json["CommandID"]?.stringValue else { continue }
                if outcome.results[id] != nil {
                    outcome.duplicateResults.append(id)
                    continue
                }
                outcome.results[id] = json
                if json.ok { oks += 1 }
            case .close(let code, _):
                socket.sendClose(code: code ?? 1000)
                outcome.end = frame
                return outcome
            case .ended:
                outcome.end = frame
                return outcome
            case .timedOut:
                continue
            }
        }
        return outcome
    }

    /// Reads and drops frames until the socket closes (a tab that keeps up); how it ended. The server's
    /// close frame is answered, as browsers do, unless `answering` is false.
    static func drain(_ socket: RawWebSocket, answering: Bool = true, until deadline: Date) -> RawWebSocket.Frame {
        while Date() < deadline {
            let frame = socket.nextFrame()
            switch frame {
            case .text, .timedOut:
                continue
            case .close(let code, _):
                if answering { socket.sendClose(code: code ?? 1000) }
                return frame
            case .ended:
                return frame
            }
        }
        return .timedOut
    }

    /// Sends the frames back to back; how many went out before the connection was gone.
    static func fire(_ frames: [String], on socket: RawWebSocket) -> Int {
        var sent = 0
        for frame in frames {
            guard socket.trySend(frame) else { break }
            sent += 1
        }
        return sent
    }

    struct Resent: Sendable {
        var seqs: [String: Int64] = [:]
        /// CommandID → the last error, or "no Result".
        var unanswered: [String: String] = [:]
    }

    /// Resends `commands` as a reconnected tab does, in batches below the socket's command queue (128),
    /// again while refused, within a bounded number of rounds.
    static func resend(_ commands: [BurstCommand], on socket: RawWebSocket, until deadline: Date) -> Resent {
        var outcome = Resent()
        var queue = commands
        var rounds = 0
        while !queue.isEmpty && rounds < 20 && Date() < deadline {
            rounds += 1
            let batch = Array(queue.prefix(64))
            queue.removeFirst(batch.count)
            var waiting = Set(batch.map(\.id))
            for command in batch where !socket.trySend(command.frame) {
                outcome.unanswered[command.id] = "the socket is gone"
                return outcome
            }
            while !waiting.isEmpty && Date() < deadline {
                switch socket.nextFrame() {
                case .text(let text):
                    guard let json = JSON.parse(text), json["Type"] == "Result", let id = json["CommandID"]?.stringValue,
                        waiting.remove(id) != nil
                    else { continue }
                    if json.ok, let seq = json.data?["Seq"]?.int {
                        outcome.seqs[id] = seq
                        outcome.unanswered[id] = nil
                    } else {
                        outcome.unanswered[id] = json.errorCode ?? json.text
                        queue.append(contentsOf: batch.filter { $0.id == id })
                    }
                case .close, .ended:
                    for id in waiting { outcome.unanswered[id] = "the socket closed" }
                    return outcome
                case .timedOut:
                    continue
                }
            }
            for id in waiting { outcome.unanswered[id] = "no Result" }
        }
        for command in queue where outcome.seqs[command.id] == nil {
            outcome.unanswered[command.id] = outcome.unanswered[command.id] ?? "not resent"
        }
        return outcome
    }

    // MARK: - the home

    static func makeHome() throws -> URL {
        try WebHarness.makeHome()
    }

    /// The first start's agent password, from `var/initial-credentials`.
    static func initialAgentPassword(_ home: URL) throws -> String {
        let text = try String(contentsOf: home.appendingPathComponent("var/initial-credentials"), encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("agent.password=") })
        return String(line.dropFirst("agent.password=".count))
    }
}

/// One `ChatMessageAdd` of the burst: its CommandID, its text (unique) and its frame.
struct BurstCommand: Sendable, Equatable {
    static let prefix = "burst "
    let index: Int
    let chat: String

    var id: String { "burst-\(index)" }
    var text: String { "\(Self.prefix)\(index) of \(ShutdownTests.burst)" }
    var frame: String {
        JSON.object([("Type", "Command"), ("CommandID", .string(id)), ("Subaction", "ChatMessageAdd"),
            ("Params", ["ChatID": .string(chat), "Message": .string(text)])]).text
    }
}

/// Runs blocking work on a thread of its own and awaits its result.
func onThread<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async -> Value {
    await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: work()) }.start()
    }
}

extension TestSocket {
    /// Opens `/otrs/ws?query` on a server process (same Origin as the page); throws when refused.
    static func connect(port: Int, query: String, cookie: String? = nil) async throws -> TestSocket {
        let raw = try await onThread {
            Result { try RawWebSocket(port: port, path: "/otrs/ws?\(query)", headers: headers(port, cookie, nil)) }
        }.get()
        guard raw.status == 101 else { throw RawWebSocket.Failed(description: "upgrade refused: \(raw.status)") }
        return TestSocket(raw)
    }
}

/// HTTP to a `chatengine serve` process, with HummingbirdTesting's client on its port: answers come as
/// they are (a login's 303 and its cookie are not followed).
struct ProcessHTTP: Sendable {
    let client: TestClient
    let port: Int

    static func with<Value: Sendable>(port: Int, _ body: @escaping @Sendable (ProcessHTTP) async throws -> Value)
        async throws -> Value
    {
        try await TestClient.withClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(60))) { client in
            try await body(ProcessHTTP(client: client, port: port))
        }
    }

    func execute(_ uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], form: String? = nil) async throws
        -> TestClient.Response
    {
        var headers = headers
        if form != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        return try await client.execute(TestClient.Request(uri, method: method, authority: "127.0.0.1:\(port)", headers: headers,
            body: form.map { ByteBuffer(string: $0) }))
    }

    /// As `WebSession.login`: the session cookie and the page's challenge token.
    func login(_ interface: Interface, _ user: String, _ password: String) async throws -> WebSession {
        let response = try await execute(interface.script, method: .post,
            form: WebSession.form(["Action": "Login", "User": user, "Password": password]))
        #expect(response.status == .seeOther, "login of \(user)")
        let setCookie = try #require(response.headers[.setCookie])
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = try await execute("\(interface.script)?Action=\(interface.homeAction)", method: .get, headers: [.cookie: cookie])
        let config = WebSession.pageConfig(String(buffer: page.body ?? ByteBuffer()))
        return WebSession(interface: interface, cookie: cookie, challenge: config?["ChallengeToken"]?.stringValue)
    }

    /// As `WebSession.post`: a Subaction with the challenge token (unless `challenge: false`).
    func post(_ session: WebSession, _ action: String, _ subaction: String, _ params: [String: String] = [:],
        challenge: Bool = true) async throws -> (status: HTTPResponse.Status, json: JSON)
    {
        var values = params
        values["Action"] = action
        values["Subaction"] = subaction
        if challenge, let token = session.challenge { values["ChallengeToken"] = token }
        if let visitorToken = session.visitorToken { values["VisitorToken"] = visitorToken }
        var headers: HTTPFields = [:]
        if let cookie = session.cookie { headers[.cookie] = cookie }
        let response = try await execute(session.interface.script, method: .post, headers: headers, form: WebSession.form(values))
        return (response.status, JSON.parse(String(buffer: response.body ?? ByteBuffer())) ?? .null)
    }

    /// Every event of the chat as the agent sees it (`ChatHistory`, page after page).
    func history(_ agent: WebSession, chat: String) async throws -> [JSON] {
        var events: [JSON] = []
        var after: Int64 = 0
        for _ in 0..<20 {
            let page = try await post(agent, "AgentChat", "ChatHistory", ["ChatID": chat, "After": "\(after)"], challenge: false)
            let fresh = page.json.data?["Events"]?.array ?? []
            guard let last = fresh.last?["Seq"]?.int else {
                #expect(page.json.ok || page.json.data != nil, "ChatHistory: \(page.json.text)")
                break
            }
            events += fresh
            after = last
        }
        return events
    }
}
