import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Synchronization
import Testing

/// The `ticket-articles` outbox kind: its stored payload (a golden text), articles added once on ChatEngine's
/// own ticket store however often the item is attempted, and two real `chatengine` processes on one
/// PostgreSQL sharing 100 items.
@Suite("Outbox ticket-articles", .timeLimit(.minutes(5)))
struct OutboxTicketArticlesTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static let transcript = Transcript(chat: ChatID(7), audience: .customer, channel: "Support",
        participants: ["Vera Visitor", "Support"], startedAt: t0, endedAt: t0.addingTimeInterval(300), entries: [
            Transcript.Entry(at: t0.addingTimeInterval(1), kind: .message, author: "Vera Visitor", text: "Hallo \"Welt\" <b>\n✓",
                isInternal: false),
            Transcript.Entry(at: t0.addingTimeInterval(300), kind: .system, author: "", text: "Chat closed", isInternal: false),
        ])

    static let sample = TicketArticlesPayload(ticket: TicketID(12), agent: AgentID(3), articles: [
        NewArticle(senderType: .agent, channel: .phone, isVisibleForCustomer: true, subject: "Chat with Vera", body: "what she saw",
            attachments: [TicketAttachment(filename: "a.bin", contentType: "application/octet-stream", content: [0, 255, 10, 0xC3])],
            chat: ChatID(7), transcript: transcript),
        NewArticle(senderType: .agent, channel: .internal, isVisibleForCustomer: false, subject: "Chat (full)", body: "all"),
    ])

    /// Version 1 as written; items queued by this version must stay readable by every later one.
    static let goldenV1 = #"""
        {"v":1,"ticket":12,"agent":3,"articles":[{"sender_type":"agent","channel":"Phone","visible_for_customer":true,"subject":"Chat with Vera","body":"what she saw","chat":7,"attachments":[{"filename":"a.bin","content_type":"application/octet-stream","content_base64":"AP8Kww=="}],"transcript":{"v":1,"chat":7,"audience":"customer","channel":"Support","participants":["Vera Visitor","Support"],"started_at":1800000000000,"ended_at":1800000300000,"entries":[{"at":1800000001000,"kind":"message","author":"Vera Visitor","text":"Hallo \"Welt\" <b>\n✓","internal":false},{"at":1800000300000,"kind":"system","author":"","text":"Chat closed","internal":false}]}},{"sender_type":"agent","channel":"Internal","visible_for_customer":false,"subject":"Chat (full)","body":"all","chat":null,"attachments":[],"transcript":null}]}
        """#

    @Test("the payload's version 1: written exactly as the golden text, read back the same")
    func golden() throws {
        #expect(Self.sample.encode() == Self.goldenV1)
        #expect(try TicketArticlesPayload.decode(Self.goldenV1) == Self.sample)
        for (bad, why) in [("{\"v\":2}", "version 2 is not one"), ("{}", "'v' is missing"), ("nope", "not JSON"),
            (Self.goldenV1.replacingOccurrences(of: "\"Phone\"", with: "\"Fax\""), "unknown communication channel"),
            (Self.goldenV1.replacingOccurrences(of: "AP8Kww==", with: "%%%"), "not base64")]
        {
            #expect { try TicketArticlesPayload.decode(bad) } throws: { "\($0)".contains(why) }
        }
    }

    struct Desk {
        let engine: Engine
        let store: SQLStore
        let agent: AgentID
        let ticket: TicketRef
    }

    /// An engine on `store` with an agent who has rw on `users` (the group of the seeded queue Raw) and one ticket.
    static func desk(_ store: SQLStore, clock: @escaping @Sendable () -> Date = { Self.t0 }, login: String = "wanda") async throws
        -> Desk
    {
        let settings = try ServiceHarness.settings()
        let engine = Engine(store: store, settings: { settings }, clock: clock)
        let agent = try await store.addAgent(NewAgent(login: login, firstName: "Wanda", lastName: "Agent", email: "w@example.com",
            passwordHash: nil))
        try await store.link(agent: agent.id, group: "users", permission: .rw)
        let ticket = try await engine.tickets.backend.createTicket(
            NewTicket(title: "From a chat", queue: "Raw", state: "open", priority: "3 normal", customerUser: "vera@example.com",
                customerID: ""),
            articles: [NewArticle(senderType: .agent, channel: .phone, isVisibleForCustomer: true, subject: "First", body: "hi")],
            by: try await engine.tickets.ticketAgent(agent.id), idempotencyKey: "create-1")
        return Desk(engine: engine, store: store, agent: agent.id, ticket: ticket)
    }

    @Test("articles with attachments and a transcript are added once, also when an earlier attempt wrote them and its answer got lost",
        arguments: StoreEngine.allCases)
    func addedOnce(_ storeEngine: StoreEngine) async throws {
        try await StoreHarness.with(storeEngine) { store, _ in
            let desk = try await Self.desk(store)
            var articles = Self.sample.articles
            articles[0].chat = nil
            articles[0].transcript = Self.transcript
            let item = try await desk.engine.outbox.enqueueTicketArticles(articles, to: desk.ticket.id, by: desk.agent,
                idempotencyKey: "chat-7-end")
            #expect(try await desk.engine.outbox.enqueueTicketArticles(articles, to: desk.ticket.id, by: desk.agent,
                idempotencyKey: "chat-7-end").id == item.id)
            // an attempt that wrote the articles, but died before recording it
            _ = try await desk.engine.tickets.backend.addArticles(articles, to: desk.ticket.id,
                by: try await desk.engine.tickets.ticketAgent(desk.agent), idempotencyKey: "chat-7-end")
            #expect(try await desk.engine.outbox.workDue().done == 1)
            let stored = try await store.articles(of: desk.ticket.id)
            #expect(stored.map(\.subject) == ["First", "Chat with Vera", "Chat (full)"], "added once")
            #expect(stored[1].isVisibleForCustomer && stored[1].channel == .phone && stored[1].transcript == Self.transcript)
            #expect(stored[1].files.map(\.filename) == ["a.bin"] && stored[1].files.first?.size == 4)
            #expect(!stored[2].isVisibleForCustomer && stored[2].channel == .internal)
            let done = try #require(try await desk.engine.outbox.item(id: item.id))
            #expect(done.state == .done && done.attempts == 1)
        }
    }

    @Test("an agent who may not write to the ticket: the backend's refusal is the item's last error, retried later",
        arguments: StoreEngine.allCases)
    func refusedAgent(_ storeEngine: StoreEngine) async throws {
        try await StoreHarness.with(storeEngine) { store, _ in
            let desk = try await Self.desk(store)
            let reader = try await store.addAgent(NewAgent(login: "rita", firstName: "Rita", lastName: "Agent", email: "r@example.com",
                passwordHash: nil))
            try await store.link(agent: reader.id, group: "users", permission: .ro)
            let item = try await desk.engine.outbox.enqueueTicketArticles(Self.sample.articles, to: desk.ticket.id, by: reader.id,
                idempotencyKey: "k")
            #expect(try await desk.engine.outbox.workDue().retried == 1)
            let failed = try #require(try await desk.engine.outbox.item(id: item.id))
            #expect(failed.state == .pending && failed.lastError?.contains("rita may not write to ticket") == true, "\(failed)")
            #expect(try await store.articles(of: desk.ticket.id).count == 1)
        }
    }

    @Test("two chatengine processes on one PostgreSQL drain 100 items together: every article exactly once, both did some")
    func twoProcesses() async throws {
        let harness = try await StoreHarness.make(.postgres)
        do {
            try await Self.drainTogether(harness)
        } catch {
            await harness.destroy()
            throw error
        }
        await harness.destroy()
    }

    static func drainTogether(_ harness: StoreHarness) async throws {
        guard case .postgres(let endpoint) = harness.location else { return }
        let store = try await harness.open()
        // queued now by the real clock: due for the processes at once
        let desk = try await Self.desk(store, clock: { Date() })
        let article = NewArticle(senderType: .agent, channel: .internal, isVisibleForCustomer: false, subject: "Log", body: "log")
        for n in 0..<100 {
            var numbered = article
            numbered.subject = "Log \(n)"
            try await desk.engine.outbox.enqueueTicketArticles([numbered], to: desk.ticket.id, by: desk.agent,
                idempotencyKey: "two-processes-\(n)")
        }
        let home = try Self.home(endpoint)
        defer { try? FileManager.default.removeItem(at: home) }
        // Both processes start before either may claim: the test holds the outbox table until both wait for it.
        let locker = try await PostgresBackend.open(endpoint)
        let locked = Mutex(false)
        let waiting = Mutex(0)
        let barrier = Task {
            try await locker.write { sql in
                try await sql.execute("LOCK TABLE ce_outbox IN EXCLUSIVE MODE")
                locked.withLock { $0 = true }
                let deadline = Date().addingTimeInterval(60)
                while Date() < deadline {
                    let rows = try await sql.execute(
                        "SELECT COUNT(*) AS n FROM pg_locks WHERE relation = 'ce_outbox'::regclass AND NOT granted")
                    let n = Int(try rows.first?.int("n") ?? 0)
                    waiting.withLock { $0 = n }
                    if n >= 2 { return }
                    try await Task.sleep(for: .milliseconds(20))
                }
            }
        }
        while !locked.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
        let started = Date()
        let workers = try (0..<2).map { _ in try WorkerProcess(home: home) }
        try await barrier.value
        #expect(waiting.withLock { $0 } == 2, "both processes waited for the outbox")
        await locker.close()
        var done: [Int] = []
        for worker in workers {
            let (status, output) = await worker.finish(within: 120)
            #expect(status == 0, "\(output)")
            let count = output.firstMatch(of: /(\d+) done, 0 to retry later, 0 failed, 0 unrecorded/).map { Int($0.1) ?? -1 }
            #expect(count != nil, "\(output)")
            done.append(count ?? -1)
        }
        let seconds = Date().timeIntervalSince(started)
        let stored = try await store.articles(of: desk.ticket.id)
        let logs = stored.map(\.subject).filter { $0.hasPrefix("Log ") }
        #expect(logs.count == 100 && Set(logs).count == 100, "every article exactly once: \(logs.count), \(Set(logs).count) distinct")
        #expect(done.reduce(0, +) == 100 && done.allSatisfy { $0 > 0 }, "both processes did some: \(done)")
        let claimers = try await store.database.read("SELECT COUNT(DISTINCT claimed_by) AS n FROM ce_outbox WHERE state = 'done'", [])
        #expect(try claimers.first?.int("n") == 2)
        #expect(try await store.outboxCounts() == [.done: 100])
        print("two processes: \(done) items in \(String(format: "%.2f", seconds)) s (from both starting)")
        await store.close()
    }

    /// A home whose ChatEngine database is the harness's PostgreSQL database.
    static func home(_ endpoint: PostgresBackend.Endpoint) throws -> URL {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("chatengine-outbox-\(UUID().uuidString)")
        let xml = home.appendingPathComponent("Kernel/Config/Files/XML")
        try FileManager.default.createDirectory(at: xml, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: ServiceHarness.repositoryRoot.appendingPathComponent("Kernel/Config/Files/XML/ChatEngine.xml"),
            to: xml.appendingPathComponent("ChatEngine.xml"))
        let config = """
            package Kernel::Config;
            sub Load {
                my $Self = shift;
                $Self->{'ChatEngine::Database::DSN'} = 'DBI:Pg:dbname=\(endpoint.database);host=\(endpoint.host);port=\(endpoint.port)';
                $Self->{'ChatEngine::Database::User'} = '\(endpoint.user)';
                $Self->{'ChatEngine::Database::Password'} = '\(endpoint.password ?? "")';
                return 1;
            }
            1;

            """
        try Data(config.utf8).write(to: home.appendingPathComponent("Kernel/Config.pm"))
        return home
    }
}

/// `chatengine outbox work --until-empty` as its own OS process (the binary the test command built).
final class WorkerProcess {
    static var binary: String {
        ProcessInfo.processInfo.environment["CHATENGINE_BIN"]
            ?? ServiceHarness.repositoryRoot.appendingPathComponent(".build/debug/chatengine").path
    }

    let process = Process()
    let output: URL

    init(home: URL) throws {
        output = home.appendingPathComponent("worker-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["outbox", "work", "--until-empty", "--home", home.path]
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Its exit status and output, once it ended (killed after `seconds`).
    func finish(within seconds: Double) async -> (Int32, String) {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return (process.terminationStatus, text)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
