import ChatCore
import ChatJSON
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

@testable import ChatWeb

/// A WebSocket tab for the tests: frames as JSON, every wait bounded. Blocking reads run on Dispatch's
/// threads, never on the cooperative pool the server needs.
final class TestSocket: Sendable {
    let socket: RawWebSocket

    init(_ socket: RawWebSocket) {
        self.socket = socket
    }

    func next() async throws -> JSON {
        let text: String = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try self.socket.receive() }) }
        }
        return JSON.parse(text) ?? .null
    }

    /// The next frame of `type` (others skipped), within `limit` frames.
    func next(_ type: String, limit: Int = 20) async throws -> JSON {
        for _ in 0..<limit {
            let frame = try await next()
            if frame["Type"]?.stringValue == type { return frame }
        }
        throw RawWebSocket.Failed(description: "no \(type) frame")
    }

    func send(_ json: JSON) async throws { try socket.send(json.text) }
    func send(raw text: String) async throws { try socket.send(text) }

    /// The upgrade's HTTP status for `/otrs/ws?query` with these headers (101 when accepted).
    static func status(port: Int, query: String, cookie: String? = nil, origin: String? = nil) async throws -> Int {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try RawWebSocket(port: port, path: "/otrs/ws?\(query)", headers: headers(port, cookie, origin)).status
                })
            }
        }
    }

    static func headers(_ port: Int, _ cookie: String?, _ origin: String?) -> [String: String] {
        var headers = ["Origin": origin ?? "http://127.0.0.1:\(port)"]
        if let cookie { headers["Cookie"] = cookie }
        return headers
    }

    /// Opens `/otrs/ws?query` on the live test server and runs `body`.
    static func open(port: Int, query: String, cookie: String? = nil, origin: String? = nil,
        _ body: @escaping @Sendable (TestSocket) async throws -> Void) async throws
    {
        let raw: RawWebSocket = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try RawWebSocket(port: port, path: "/otrs/ws?\(query)", headers: headers(port, cookie, origin))
                })
            }
        }
        guard raw.status == 101 else { throw RawWebSocket.Failed(description: "upgrade refused: \(raw.status)") }
        try await body(TestSocket(raw))
    }
}

@Suite("WebSocket and long polling", .timeLimit(.minutes(2)))
struct LiveTests {
    @Test("upgrade refused for a foreign Origin, a missing challenge token and an unknown visitor token")
    func upgradeRefusals() async throws {
        try await WebHarness.with(setup: .live) { harness, client async throws in
            let port = try #require(client.port)
            let agent = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let token = agent.challenge ?? ""
            let refusals: [(String, String?, String?)] = [
                ("Interface=Agent&ChallengeToken=\(token)", agent.cookie, "http://evil.example"),
                ("Interface=Agent", agent.cookie, nil),
                ("Interface=Agent&ChallengeToken=wrong", agent.cookie, nil),
                ("Interface=Agent&ChallengeToken=\(token)", nil, nil),
                ("Interface=Public&VisitorToken=\(String(repeating: "a", count: 64))", nil, nil),
            ]
            for (query, cookie, origin) in refusals {
                let status = try await TestSocket.status(port: port, query: query, cookie: cookie, origin: origin)
                #expect(status == 400, "\(query) \(origin ?? ""): refused as docs/web-protocol.md says")
            }
            // the right one works
            try await TestSocket.open(port: port, query: "Interface=Agent&ChallengeToken=\(token)", cookie: agent.cookie) { socket in
                try await socket.send(["Type": "Hello", "Since": [:]])
                let snapshot = try await socket.next("Snapshot")
                #expect(snapshot["Data"]?["Me"]?["Name"] == "Admin OTRS")
            }
        }
    }

    @Test("snapshot, live events, resume after a drop, idempotent commands, typed errors for bad frames")
    func liveChat() async throws {
        try await WebHarness.with(setup: .live) { harness, client async throws in
            let port = try #require(client.port)
            let agent = try await Flow.externalAgent(harness, client)
            let agentQuery = "Interface=Agent&ChallengeToken=\(agent.challenge ?? "")"
            let (visitor, chat) = try await Flow.visitorRequest(client, message: "Grüße 你好 👋🏽")
            let visitorQuery = "Interface=Public&VisitorToken=\(visitor.visitorToken ?? "")"
            try await TestSocket.open(port: port, query: agentQuery, cookie: agent.cookie) { agentSocket in
                try await agentSocket.send(["Type": "Hello", "Since": [:]])
                let snapshot = try await agentSocket.next("Snapshot")
                #expect(snapshot["Data"]?["Requests"]?["Public"]?.array.count == 1)
                try await agentSocket.send(["Type": "Command", "CommandID": "a-1", "Subaction": "ChatRequestAccept",
                    "Params": ["ChatID": .string(chat)]])
                let accepted = try await agentSocket.next("Result")
                #expect(accepted["OK"] == .bool(true))
                let acceptedSeq = try #require(accepted["Data"]?["Seq"]?.int)
                // now a participant: the whole history up to the acceptance
                let history = try await agentSocket.next("Events")
                #expect(history["Events"]?.array.last?["Seq"]?.int == acceptedSeq)
                try await TestSocket.open(port: port, query: visitorQuery) { visitorSocket in
                    try await visitorSocket.send(["Type": "Hello", "Since": [:]])
                    _ = try await visitorSocket.next("Snapshot")
                    let history = try await visitorSocket.next("Events")
                    #expect(history["Events"]?.array.last?["Seq"]?.int == acceptedSeq)
                    #expect(history["Events"]?.array.contains { $0["Text"] == "Grüße 你好 👋🏽" } == true)
                    // a message from the visitor arrives at the agent live, once, even when the command is resent
                    for _ in 0..<2 {
                        try await visitorSocket.send(["Type": "Command", "CommandID": "v-1", "Subaction": "ChatMessageAdd",
                            "Params": ["ChatID": .string(chat), "Message": "Danke schön"]])
                    }
                    let first = try await visitorSocket.next("Result")
                    let second = try await visitorSocket.next("Result")
                    #expect(first["Data"]?["Seq"] == second["Data"]?["Seq"])
                    let live = try await agentSocket.next("Events")
                    #expect(live["Events"]?.array.map { $0["Text"] } == ["Danke schön"])
                    try await visitorSocket.send(["Type": "Typing", "ChatID": .string(chat)])
                    let typing = try await agentSocket.next("Typing")
                    #expect(typing["Name"] == "Ann Visitor")
                    // bad frames get typed errors and the connection stays
                    try await visitorSocket.send(raw: String(repeating: "x", count: 70_000))
                    #expect(try await visitorSocket.next("Error")["Error"]?["Code"] == "FrameTooLarge")
                    try await visitorSocket.send(raw: "{not json")
                    #expect(try await visitorSocket.next("Error")["Error"]?["Code"] == "Malformed")
                    try await visitorSocket.send(["Type": "Command", "CommandID": "v-2", "Subaction": "ChatMessageAdd",
                        "Params": ["ChatID": .string(chat), "Message": .string(String(repeating: "é", count: 3801))]])
                    #expect(try await visitorSocket.next("Result")["Error"]?["Code"] == "MessageTooLong")
                }
                // meanwhile the visitor is gone: the agent writes; the visitor resumes after what it saw
                try await agentSocket.send(["Type": "Command", "CommandID": "a-2", "Subaction": "ChatMessageAdd",
                    "Params": ["ChatID": .string(chat), "Message": "Are you still there?"]])
                let sent = try await agentSocket.next("Result")
                let sentSeq = try #require(sent["Data"]?["Seq"]?.int)
                try await TestSocket.open(port: port, query: visitorQuery) { visitorSocket in
                    try await visitorSocket.send(["Type": "Hello", "Since": .object([(chat, .int(sentSeq - 1))])])
                    _ = try await visitorSocket.next("Snapshot")
                    let resumed = try await visitorSocket.next("Events")
                    #expect(resumed["Events"]?.array.map { $0["Seq"]?.int } == [sentSeq])
                }
            }
        }
    }

    /// An agent and a visitor in an accepted chat; the visitor's `Since` that is up to date with it.
    static func acceptedChat(_ harness: WebHarness, _ client: any TestClientProtocol) async throws
        -> (agent: WebSession, visitor: WebSession, chat: String, since: String)
    {
        let agent = try await Flow.externalAgent(harness, client)
        let (visitor, chat) = try await Flow.visitorRequest(client)
        #expect(try await agent.post(client, "AgentChat", "ChatRequestAccept", ["ChatID": chat]).json.ok)
        let first = try await visitor.post(client, "PublicChat", "Events", ["Since": "{}", "Wait": "0"])
        let frames = first.json.data?["Frames"]?.array ?? []
        #expect(frames.first?["Type"] == "Snapshot")
        let last = try #require(frames.last?["Events"]?.array.last?["Seq"]?.int)
        try await Task.sleep(for: .milliseconds(500))  // the acceptance's own signals have gone out
        return (agent, visitor, chat, "{\"\(chat)\":\(last)}")
    }

    @Test("long polling: an up-to-date poll with nothing happening waits out its Wait, then sends the snapshot only")
    func longPollingIdle() async throws {
        try await WebHarness.with(setup: .live) { harness, client async throws in
            let (_, visitor, _, since) = try await Self.acceptedChat(harness, client)
            let start = ContinuousClock.now
            let idle = try await visitor.post(client, "PublicChat", "Events", ["Since": since, "Wait": "1"])
            let waited = ContinuousClock.now - start
            #expect(idle.status == .ok)
            #expect(waited >= .milliseconds(900), "answered after \(waited) without news")
            #expect(idle.json.data?["Frames"]?.array.map { $0["Type"] } == ["Snapshot"])
        }
    }

    @Test("long polling: a waiting poll has not answered a second later, and answers with the message soon after it")
    func longPollingWakes() async throws {
        try await WebHarness.with(setup: .live) { harness, client async throws in
            let (agent, visitor, chat, since) = try await Self.acceptedChat(harness, client)
            let poll = WaitingPoll(port: try #require(client.port), params: ["Action": "PublicChat", "Subaction": "Events",
                "Wait": "10", "VisitorToken": visitor.visitorToken ?? "", "Since": since])
            try await Task.sleep(for: .seconds(1))
            #expect(!poll.hasReturned, "the poll answered before anything happened")
            let posted = ContinuousClock.now
            #expect(try await agent.post(client, "AgentChat", "ChatMessageAdd", ["ChatID": chat, "Message": "ping"]).json.ok)
            let answer = try await poll.answer()
            let delay = try #require(poll.returnedAt) - posted
            // without waking it would answer 10 s after it started (about 9 s after the message), snapshot only
            #expect(delay <= .seconds(8), "the poll answered \(delay) after the message")
            let frames = answer.data?["Frames"]?.array ?? []
            #expect(frames.first?["Type"] == "Snapshot")
            let events = frames.filter { $0["Type"] == "Events" }
            #expect(events.flatMap { $0["Events"]?.array ?? [] }.map { $0["Text"] } == ["ping"])
        }
    }
}

/// A long poll on its own connection (the test client's one connection would queue other requests behind
/// it), started at once; it notes when its answer came, so a test can ask whether it is still waiting.
final class WaitingPoll: Sendable {
    private final class Stamp: Sendable {
        let instant = Mutex<ContinuousClock.Instant?>(nil)
    }

    private let stamp: Stamp
    private let task: Task<Data, any Error>

    init(port: Int, params: [String: String]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/otrs/public.pl")!)
        request.httpMethod = "POST"
        request.timeoutInterval = 60
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(WebSession.form(params).utf8)
        let stamp = Stamp()
        self.stamp = stamp
        task = Task { [request] in
            defer { stamp.instant.withLock { $0 = .now } }
            return try await URLSession.shared.data(for: request).0
        }
    }

    deinit { task.cancel() }

    var hasReturned: Bool { returnedAt != nil }
    var returnedAt: ContinuousClock.Instant? { stamp.instant.withLock { $0 } }

    func answer() async throws -> JSON {
        let body = try await task.value
        return JSON.parse(String(decoding: body, as: UTF8.self)) ?? .null
    }
}
