import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import SysConfig
import Synchronization
import Testing

/// `engine.transcripts`: a chat's PDF for an agent (the full log), its customer user or visitor (what they saw),
/// nobody else; the viewer's time zone; the settings; and the render queue that keeps renders off the event
/// loops and the cooperative pool, bounded, refusing rather than piling up.
@Suite("Transcript downloads", .timeLimit(.minutes(5)))
struct TranscriptDownloadTests {
    struct World {
        let store: SQLStore
        let engine: Engine
        let clock: TestClock
        let anna: AgentID
        let bert: AgentID
        let dora: AgentID
        let carla: CustomerUserID
        var service: ChatService { engine.chats }
    }

    static let internalNote = "Intern: Kundin ist VIP"

    /// Anna and Bert staff the default channel (chat_owner on users), Dora does not (ro); Carla is a customer user.
    static func world(_ store: SQLStore, overrides: String = "") async throws -> World {
        let clock = TestClock()
        let settings = try ServiceHarness.settings(overrides)
        let engine = Engine(store: store, settings: { settings }, clock: { clock.now })
        func agent(_ login: String, _ last: String, _ permissions: [GroupPermission]) async throws -> AgentID {
            let agent = try await store.addAgent(NewAgent(login: login, firstName: login.capitalized, lastName: last,
                email: "\(login)@example.com", passwordHash: nil))
            for permission in permissions { try await store.link(agent: agent.id, group: "users", permission: permission) }
            return agent.id
        }
        let anna = try await agent("anna", "Agentin", [.rw, .chatOwner])
        let bert = try await agent("bert", "Beobachter", [.rw, .chatOwner])
        let dora = try await agent("dora", "Draussen", [.ro])
        try await store.addCustomerCompany(id: "ACME", name: "Acme")
        let carla = try await store.addCustomerUser(NewCustomerUser(login: "carla", customerID: "ACME", email: "carla@example.com",
            firstName: "Carla", lastName: "Kunde", passwordHash: nil))
        for available in [anna, bert] {
            try await engine.chats.setAvailability(.external, for: available)
            engine.chats.presence.input(.agent(available), at: clock.now)
        }
        return World(store: store, engine: engine, clock: clock, anna: anna, bert: bert, dora: dora, carla: carla.id)
    }

    /// Carla's chat with Anna: a reply, an internal note, Bert watching as observer; closed by Anna.
    static func customerChat(_ w: World) async throws -> ChatID {
        let chat = try await w.service.requestChat(by: .customer(w.carla), channel: nil, firstMessage: "Drucker kaputt, Größe A4",
            commandID: nil).chat.id
        _ = try await w.service.accept(chat, by: .agent(w.anna))
        _ = try await w.service.postMessage(chat, text: "Welches Modell?", by: .agent(w.anna), commandID: nil)
        _ = try await w.service.postMessage(chat, text: internalNote, visibility: .agents, by: .agent(w.anna), commandID: nil)
        _ = try await w.service.invite(chat, agent: w.bert, by: .agent(w.anna))
        _ = try await w.service.join(chat, as: .observer, by: w.bert)
        _ = try await w.service.postMessage(chat, text: "LaserJet 4000", by: .customer(w.carla), commandID: nil)
        w.clock.advance(120)
        _ = try await w.service.close(chat, by: .agent(w.anna))
        return chat
    }

    @Test("an agent gets the full log, the customer user what they saw (no internal message, no observer)",
        arguments: StoreEngine.allCases)
    func agentAndCustomer(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await Self.world(store, overrides: "    $Self->{'Organization'} = 'Beispiel GmbH';")
            let chat = try await Self.customerChat(w)

            let agentPDF = try await w.engine.transcripts.pdf(chat, for: .agent(w.anna), timeZone: "Europe/Berlin")
            #expect(agentPDF.fileName == "Chat-\(chat.rawValue)_2027-01-15.pdf")
            #expect(agentPDF.bytes.starts(with: Array("%PDF-".utf8)) && agentPDF.pageCount == 1 && agentPDF.unknownGlyphs == 0)
            let agentText = try PDFTools.text(agentPDF.bytes, name: "download-agent-\(engine)")
            #expect(PDFTools.inOrder(agentText, ["Beispiel GmbH", "Drucker kaputt, Größe A4", "Welches Modell?", Self.internalNote,
                "LaserJet 4000"]))
            #expect(agentText.contains("Anna Agentin") && agentText.contains("Carla Kunde") && agentText.contains("Bert Beobachter"))
            #expect(agentText.contains("[internal]"))

            let customerPDF = try await w.engine.transcripts.pdf(chat, for: .customer(w.carla))
            let customerText = try PDFTools.text(customerPDF.bytes, name: "download-customer-\(engine)")
            #expect(PDFTools.inOrder(customerText, ["Drucker kaputt, Größe A4", "Welches Modell?", "LaserJet 4000"]))
            #expect(!customerText.contains(Self.internalNote) && !customerText.contains("internal"))
            #expect(!customerText.contains("Bert") && !customerText.contains("Beobachter") && !customerText.contains("observer"))
            #expect(!customerText.contains("Anna"), "agents under DefaultAgentName")
            #expect(customerText.contains("Support Agent") && customerText.contains("Carla Kunde"))

            // the second agent, an observer, may download too (the chat screens let him read it)
            let observerPDF = try await w.engine.transcripts.pdf(chat, for: .agent(w.bert))
            #expect(try PDFTools.text(observerPDF.bytes, name: "download-observer-\(engine)").contains(Self.internalNote))
        }
    }

    @Test("someone else's chat is refused exactly like a missing one", arguments: StoreEngine.allCases)
    func someoneElses(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await Self.world(store)
            let chat = try await Self.customerChat(w)
            let other = try await store.addCustomerUser(NewCustomerUser(login: "otto", customerID: "ACME", email: "otto@example.com",
                firstName: "Otto", lastName: "Other", passwordHash: nil))
            let visitor = try await w.service.requestChatAsNewVisitor(name: "Vera", channel: nil, firstMessage: "Hallo",
                commandID: nil, clientAddress: "192.0.2.1")
            let refusals: [Person] = [.customer(other.id), .agent(w.dora), .visitor(visitor.visitor)]
            for viewer in refusals {
                let someoneElses = await Self.failure { _ = try await w.engine.transcripts.pdf(chat, for: viewer) }
                let missing = await Self.failure { _ = try await w.engine.transcripts.pdf(ChatID(chat.rawValue + 1000), for: viewer) }
                #expect(someoneElses == "\(ChatError.notInChat)" && missing == someoneElses, "\(viewer)")
            }
        }
    }

    @Test("a visitor downloads their own chat after it closed, until ChatTTL removes it; the file is named in their time zone",
        arguments: StoreEngine.allCases)
    func visitorAfterClose(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let w = try await Self.world(store)
            // 1_800_000_000 is 2027-01-15 08:00 UTC: in Pacific/Honolulu (UTC-10) it is still the 14th
            let visitor = try await w.service.requestChatAsNewVisitor(name: "Vera Besucherin", channel: nil,
                firstMessage: "Привет, Ελλάδα, 你好", commandID: nil, clientAddress: "192.0.2.1")
            let chat = visitor.result.chat.id
            _ = try await w.service.accept(chat, by: .agent(w.anna))
            _ = try await w.service.postMessage(chat, text: "Hallo Vera", by: .agent(w.anna), commandID: nil)
            _ = try await w.service.close(chat, by: .visitor(visitor.visitor))
            #expect(try await w.engine.sessions.visitor(visitor.token) == visitor.visitor)
            let pdf = try await w.engine.transcripts.pdf(chat, for: .visitor(visitor.visitor), timeZone: "Pacific/Honolulu")
            #expect(pdf.fileName == "Chat-\(chat.rawValue)_2027-01-14.pdf")
            let text = try PDFTools.text(pdf.bytes, name: "download-visitor-\(engine)")
            #expect(PDFTools.inOrder(text, ["Vera Besucherin", "Привет, Ελλάδα, 你好", "Hallo Vera"]))
            #expect(pdf.unknownGlyphs == 0)
            // a zone that is not one, or too long, is the server's
            let odd = try await w.engine.transcripts.pdf(chat, for: .visitor(visitor.visitor), timeZone: "Mars/Olympus_Mons")
            #expect(odd.fileName == Self.fileName(chat, at: w.clock, zone: .current))
            // until ChatEngine::ChatTTL (24 hours) removes the chat
            w.clock.advance(23 * 3600)
            #expect(try await w.engine.transcripts.pdf(chat, for: .visitor(visitor.visitor)).pageCount == 1)
            w.clock.advance(2 * 3600)
            #expect(try await Retention.run(store: store, settings: w.service.settings, now: w.clock.now) == 1)
            let removed = await Self.failure { _ = try await w.engine.transcripts.pdf(chat, for: .visitor(visitor.visitor)) }
            #expect(removed == "\(ChatError.notInChat)")
        }
    }

    @Test("an agent's own time zone comes before the browser's; PDF::PageSize letter")
    func agentZoneAndLetter() async throws {
        try await StoreHarness.with(.sqlite) { store, _ in
            let w = try await Self.world(store, overrides: "    $Self->{'PDF::PageSize'} = 'letter';")
            let chat = try await Self.customerChat(w)
            try await store.setPreference(.timeZone, value: "Pacific/Honolulu", for: w.anna)
            let pdf = try await w.engine.transcripts.pdf(chat, for: .agent(w.anna), timeZone: "Europe/Berlin")
            #expect(pdf.fileName == "Chat-\(chat.rawValue)_2027-01-14.pdf")
            let size = try PDFTools.run("/usr/bin/pdfinfo", PDFTools.write(pdf.bytes, name: "download-letter"))
            #expect(size.contains("612 x 792 pts"), "\(size)")
        }
    }

    @Test("Organization, PDF::PageSize, PDF::MaxPages, ChatEngine::PDF::*: defaults, overrides, refusals naming the setting")
    func settingsRead() throws {
        let defaults = try ServiceHarness.settings().pdf
        #expect(defaults == PDFSettings(organization: "Example Company", pageSize: "a4", maxPages: 100, maxConcurrentRenders: 2,
            maxWaitingRenders: 20))
        let changed = try ServiceHarness.settings("""
                $Self->{'PDF::PageSize'} = 'letter';
                $Self->{'PDF::MaxPages'} = '50';
                $Self->{'ChatEngine::PDF::MaxConcurrentRenders'} = 4;
                $Self->{'ChatEngine::PDF::MaxWaitingRenders'} = 0;
            """).pdf
        #expect(changed == PDFSettings(organization: "Example Company", pageSize: "letter", maxPages: 50, maxConcurrentRenders: 4,
            maxWaitingRenders: 0))
        for (line, message) in [
            ("$Self->{'ChatEngine::PDF::MaxConcurrentRenders'} = 0;", "ChatEngine::PDF::MaxConcurrentRenders: must be a whole number of at least 1"),
            ("$Self->{'ChatEngine::PDF::MaxWaitingRenders'} = 'many';", "ChatEngine::PDF::MaxWaitingRenders: 'many' does not match its ValueRegex"),
            ("$Self->{'PDF::PageSize'} = 'a5';", "PDF::PageSize: must be one of a4, letter"),
            ("$Self->{'PDF::MaxPages'} = '42';", "PDF::MaxPages: must be one of 50, 100"),
        ] {
            #expect { _ = try ServiceHarness.settings("    " + line) } throws: { "\($0)".contains(message) }
        }
    }

    // MARK: the render queue

    /// A gate the test opens: jobs block on it, on their render thread.
    final class Gate: Sendable {
        private let semaphore = DispatchSemaphore(value: 0)
        let started = Mutex<[String]>([])
        func wait() {
            started.withLock { $0.append(RenderQueue.currentQueueName ?? "not a render thread") }
            semaphore.wait()
        }
        func open(_ count: Int) { for _ in 0..<count { semaphore.signal() } }
        let running = Mutex(0), most = Mutex(0)
        /// A render limit the test changes (as a reload would).
        let limit = Mutex(3)
        /// A job that counts how many run at once and waits for the gate.
        func job(_ n: Int) -> Int {
            let now = running.withLock { $0 += 1; return $0 }
            most.withLock { $0 = max($0, now) }
            wait()
            running.withLock { $0 -= 1 }
            return n
        }
        var startedCount: Int { started.withLock { $0.count } }
    }

    static func eventually(_ condition: () -> Bool) async throws {
        for _ in 0..<500 where !condition() { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test("renders run on the queue's own threads, at most MaxConcurrentRenders at once; MaxWaitingRenders wait; one more is busy")
    func boundedQueue() async throws {
        let queue = RenderQueue(name: "test-render", idleLifetime: 0.3) { RenderQueue.Limits(maxRunning: 2, maxWaiting: 1) }
        let gate = Gate()
        let first = Task { try await queue.run { gate.job(1) } }
        let second = Task { try await queue.run { gate.job(2) } }
        try await Self.eventually { gate.startedCount == 2 }
        let third = Task { try await queue.run { gate.job(3) } }
        try await Self.eventually { queue.load == RenderQueue.Load(running: 2, waiting: 1) }
        #expect(queue.load == RenderQueue.Load(running: 2, waiting: 1) && queue.threadCount == 2)
        await #expect(throws: RenderQueueError.busy(running: 2, waiting: 1)) { try await queue.run { 4 } }
        gate.open(3)
        #expect(try await [first.value, second.value, third.value] == [1, 2, 3])
        #expect(gate.most.withLock { $0 } == 2)
        #expect(gate.started.withLock { $0 } == ["test-render", "test-render", "test-render"])
        try await Self.eventually { queue.threadCount == 0 }
        #expect(queue.load == RenderQueue.Load(running: 0, waiting: 0) && queue.threadCount == 0, "idle threads end")
        #expect(try await queue.run { 5 } == 5, "and start again")
    }

    @Test("a warm thread takes the next render: one after another, one thread")
    func warmThread() async throws {
        let queue = RenderQueue { RenderQueue.Limits(maxRunning: 4, maxWaiting: 0) }
        var threads: Set<String> = []
        for _ in 0..<5 {
            threads.insert(try await queue.run { "\(Unmanaged.passUnretained(Thread.current).toOpaque())" })
        }
        #expect(threads.count == 1 && queue.threadCount == 1)
    }

    @Test("render threads run at nice 19, below the event loops")
    func renderThreadsYield() async throws {
        // field 19 of /proc/thread-self/stat is the thread's nice value (after the command in parentheses)
        @Sendable func niceness() -> Int? {
            guard let stat = try? String(contentsOfFile: "/proc/thread-self/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return nil }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 16 ? Int(fields[16]) : nil
        }
        let queue = RenderQueue { RenderQueue.Limits(maxRunning: 1, maxWaiting: 0) }
        #expect(try await queue.run { niceness() } == 19)
    }

    @Test("a lowered MaxConcurrentRenders (a reload) ends the surplus threads as they finish")
    func loweredLimit() async throws {
        let gate = Gate()
        let queue = RenderQueue { RenderQueue.Limits(maxRunning: gate.limit.withLock { $0 }, maxWaiting: 10) }
        let jobs = (1...3).map { n in Task { try await queue.run { gate.job(n) } } }
        try await Self.eventually { gate.startedCount == 3 }
        gate.limit.withLock { $0 = 1 }
        let queued = (4...6).map { n in Task { try await queue.run { gate.job(n) } } }
        try await Self.eventually { queue.load.waiting == 3 }
        gate.open(6)
        var results: [Int] = []
        for job in jobs + queued { results.append(try await job.value) }
        #expect(results == [1, 2, 3, 4, 5, 6])
        #expect(gate.most.withLock { $0 } == 3)
        try await Self.eventually { queue.threadCount == 1 }
        #expect(queue.threadCount == 1)
    }

    @Test("a waiting render whose caller went away is dropped unrun; errors reach the caller")
    func cancelledAndFailing() async throws {
        let queue = RenderQueue { RenderQueue.Limits(maxRunning: 1, maxWaiting: 5) }
        let gate = Gate()
        let ran = Mutex(false)
        let blocking = Task { try await queue.run { gate.wait() } }
        try await Self.eventually { gate.startedCount == 1 }
        let waiting = Task { try await queue.run { ran.withLock { $0 = true } } }
        try await Self.eventually { queue.load.waiting == 1 }
        waiting.cancel()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(queue.load == RenderQueue.Load(running: 1, waiting: 0))
        gate.open(1)
        try await blocking.value
        #expect(!ran.withLock { $0 })
        struct Broken: Error {}
        await #expect(throws: Broken.self) { try await queue.run { throw Broken() } }
    }

    @Test("engine.transcripts answers busy when MaxConcurrentRenders and MaxWaitingRenders are taken")
    func engineBusy() async throws {
        try await StoreHarness.with(.sqlite) { store, _ in
            let w = try await Self.world(store, overrides: """
                    $Self->{'ChatEngine::PDF::MaxConcurrentRenders'} = 1;
                    $Self->{'ChatEngine::PDF::MaxWaitingRenders'} = 0;
                """)
            let chat = try await Self.customerChat(w)
            let gate = Gate()
            let holder = Task { try await w.engine.transcripts.renderQueue.run { gate.wait() } }
            try await Self.eventually { gate.startedCount == 1 }
            await #expect(throws: RenderQueueError.busy(running: 1, waiting: 0)) {
                _ = try await w.engine.transcripts.pdf(chat, for: .agent(w.anna))
            }
            gate.open(1)
            try await holder.value
            #expect(try await w.engine.transcripts.pdf(chat, for: .agent(w.anna)).pageCount == 1)
        }
    }

    // MARK: helpers

    static func failure(_ body: () async throws -> Void) async -> String {
        do {
            try await body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    static func fileName(_ chat: ChatID, at clock: TestClock, zone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyy-MM-dd"
        formatter.timeZone = zone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return "Chat-\(chat.rawValue)_\(formatter.string(from: Date(timeIntervalSince1970: 1_800_000_000))).pdf"
    }
}
