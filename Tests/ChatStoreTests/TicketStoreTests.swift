import ChatCore
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// ChatEngine's own ticket store, the same on SQLite and PostgreSQL: seeded defaults, queues, tickets with
/// date-checksum numbers, articles with attachments and transcripts, idempotent writes, concurrent numbers.
@Suite("Ticket store on SQLite and PostgreSQL", .timeLimit(.minutes(5)))
struct TicketStoreTests {
    /// 2027-01-15 08:00:00 UTC
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func author(_ store: SQLStore) async throws -> TicketAuthor {
        let agent = try await store.addAgent(NewAgent(login: "anna", firstName: "Anna", lastName: "Agent",
            email: "anna@example.com", passwordHash: nil))
        return TicketAuthor(id: agent.id, name: "Anna Agent")
    }

    static func creation(_ author: TicketAuthor, key: String, title: String = "Printer on fire", queue: String = "Raw",
        state: String = "open", priority: String = "3 normal", customer: String = "carla", now: Date = t0,
        articles: [NewArticle] = [note("first")]) -> TicketCreation
    {
        TicketCreation(ticket: NewTicket(title: title, queue: queue, state: state, priority: priority, customerUser: customer,
            customerID: "ACME"), articles: articles, author: author, systemID: "10", idempotencyKey: key, now: now)
    }

    static func note(_ body: String, visible: Bool = true, files: [TicketAttachment] = [], transcript: Transcript? = nil)
        -> NewArticle
    {
        NewArticle(senderType: .agent, channel: visible ? .phone : .internal, isVisibleForCustomer: visible, subject: "Chat",
            body: body, attachments: files, chat: transcript?.chat, transcript: transcript)
    }

    static func count(_ table: String, _ store: SQLStore) async throws -> Int64 {
        try await store.database.read("SELECT COUNT(*) AS n FROM \(table)", []).first?.int("n") ?? -1
    }

    @Test("OTRS's seeded queues (group users), states and priorities", arguments: StoreEngine.allCases)
    func seededDefaults(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let queues = try await store.queues()
            #expect(queues.map(\.name) == ["Junk", "Misc", "Raw"])
            #expect(queues.allSatisfy { $0.group == "users" && $0.isValid })
            #expect(queues.first { $0.name == "Raw" }?.comment == "All default incoming tickets.")
            let states = try await store.ticketStates()
            #expect(states.prefix(4).map(\.name) == ["new", "open", "closed successful", "closed unsuccessful"])
            #expect(states.first { $0.name == "pending reminder" }?.type == "pending reminder")
            #expect(try await store.ticketPriorities() == ["1 very low", "2 low", "3 normal", "4 high", "5 very high"])
        }
    }

    @Test("queues: add in an existing group, rename, move, invalidate, comment; names are unique", arguments: StoreEngine.allCases)
    func queues(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let sales = try await store.addQueue(name: "Sales::Chat", group: "admin", comment: "from chats")
            #expect(try await store.queue(id: sales.id) == sales)
            await #expect(throws: StoreError.notFound("group nope")) {
                _ = try await store.addQueue(name: "X", group: "nope", comment: "")
            }
            await #expect(throws: StoreError.refused("a queue named Raw already exists")) {
                _ = try await store.addQueue(name: "Raw", group: "users", comment: "")
            }
            var changed = sales
            changed.name = "Sales"
            changed.group = "users"
            changed.isValid = false
            changed.comment = "Grüße <b>"
            try await store.updateQueue(changed)
            #expect(try await store.queue(id: sales.id) == changed)
            try await store.updateQueue(changed)  // saving unchanged is fine (its own name is not "taken")
            changed.name = "Misc"
            await #expect(throws: StoreError.refused("a queue named Misc already exists")) { try await store.updateQueue(changed) }
            await #expect(throws: StoreError.notFound("queue 999")) {
                try await store.updateQueue(TicketQueue(id: 999, name: "Ghost", group: "users"))
            }
            #expect(try await store.queues().count == 4)
        }
    }

    @Test("a ticket: date-checksum number, fields, articles with attachments (any bytes) and transcript",
        arguments: StoreEngine.allCases)
    func createAndRead(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let author = try await Self.author(store)
            let bytes: [UInt8] = [0x00, 0xFF, 0xFE, 0xC3, 0x28, 0x80, 0x0A, 0x0D, 0x25, 0x5F] + Array(0...255)
            let transcript = TranscriptPayloadTests.sample
            let articles = [
                Self.note("what the customer saw", files: [TicketAttachment(filename: "dump ä.bin", contentType: "application/octet-stream",
                    content: bytes), TicketAttachment(filename: "empty.txt", contentType: "text/plain", content: [])],
                    transcript: transcript),
                Self.note("the full log", visible: false),
            ]
            let ref = try await store.createTicket(Self.creation(author, key: "k1", articles: articles))
            #expect(ref.number == "2027011510000017")
            #expect(TicketNumber.isValid(ref.number))
            let ticket = try #require(try await store.ticket(id: ref.id))
            #expect(ticket.ref == ref)
            #expect(ticket.title == "Printer on fire" && ticket.queue == "Raw" && ticket.state == "open")
            #expect(ticket.stateType == "open" && ticket.priority == "3 normal")
            #expect(ticket.customerUser == "carla" && ticket.customerID == "ACME")
            #expect(ticket.owner == "anna" && ticket.ownerName == "Anna Agent" && !ticket.isLocked)
            #expect(ticket.createdAt == Self.t0 && ticket.changedAt == Self.t0)

            let stored = try await store.articles(of: ref.id)
            #expect(stored.map(\.body) == ["what the customer saw", "the full log"])
            #expect(stored.map(\.channel) == [.phone, .internal])
            #expect(stored.map(\.isVisibleForCustomer) == [true, false])
            #expect(stored.allSatisfy { $0.senderType == .agent && $0.from == "Anna Agent" && $0.ticket == ref.id })
            #expect(stored[0].transcript == transcript && stored[0].chat == transcript.chat)
            #expect(stored[1].transcript == nil && stored[1].chat == nil)
            #expect(stored[0].files.map(\.filename) == ["dump ä.bin", "empty.txt"])
            #expect(stored[0].files.map(\.size) == [bytes.count, 0])
            let file = try #require(try await store.attachment(id: stored[0].files[0].id))
            #expect(file.attachment.content == bytes, "byte for byte")
            #expect(file.attachment.contentType == "application/octet-stream")
            #expect(file.ticket == ref.id && file.article == stored[0].id && file.isVisibleForCustomer)
            #expect(try await store.attachment(id: stored[0].files[1].id)?.attachment.content == [])
            #expect(try await store.attachment(id: 99_999) == nil)

            // the day's next ticket, and the next day's first
            let second = try await store.createTicket(Self.creation(author, key: "k2", customer: "bob"))
            #expect(second.number == "2027011510000026")
            let tomorrow = try await store.createTicket(Self.creation(author, key: "k3", now: Self.t0.addingTimeInterval(86_400)))
            #expect(tomorrow.number == "2027011610000015")
        }
    }

    @Test("search: number, title or customer user, case-insensitive, literal, only in the given queues, newest change first",
        arguments: StoreEngine.allCases)
    func search(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let author = try await Self.author(store)
            let queues = Dictionary(uniqueKeysWithValues: try await store.queues().map { ($0.name, $0.id) })
            let raw = try await store.createTicket(Self.creation(author, key: "a", title: "Invoice 100% wrong", customer: "carla"))
            let misc = try await store.createTicket(Self.creation(author, key: "b", title: "Login broken", queue: "Misc",
                customer: "Jürgen <juergen@example.com>", now: Self.t0.addingTimeInterval(60)))
            let all = [queues["Raw"]!, queues["Misc"]!]
            #expect(try await store.searchTickets("", inQueues: all, limit: 10).map(\.ref) == [misc, raw])
            #expect(try await store.searchTickets("INVOICE", inQueues: all, limit: 10).map(\.ref) == [raw])
            #expect(try await store.searchTickets("100%", inQueues: all, limit: 10).map(\.ref) == [raw])
            #expect(try await store.searchTickets("1_0", inQueues: all, limit: 10).isEmpty, "_ is literal")
            #expect(try await store.searchTickets(String(misc.number.suffix(6)), inQueues: all, limit: 10).map(\.ref) == [misc])
            #expect(try await store.searchTickets("juergen@", inQueues: all, limit: 10).map(\.ref) == [misc])
            #expect(try await store.searchTickets("", inQueues: [queues["Raw"]!], limit: 10).map(\.ref) == [raw])
            #expect(try await store.searchTickets("", inQueues: [], limit: 10).isEmpty)
            #expect(try await store.searchTickets("", inQueues: all, limit: 1).map(\.ref) == [misc])
            #expect(try await store.tickets(customerUser: "carla", limit: 10).map(\.ref) == [raw])
            #expect(try await store.tickets(customerUser: "carl", limit: 10).isEmpty, "the login exactly")
        }
    }

    @Test("idempotent writes: a recorded key returns the first write's ticket and writes nothing; articles move changed_at",
        arguments: StoreEngine.allCases)
    func idempotency(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let author = try await Self.author(store)
            let first = try await store.createTicket(Self.creation(author, key: "phone-ticket:7"))
            let again = try await store.createTicket(Self.creation(author, key: "phone-ticket:7", title: "other"))
            #expect(again == first)
            #expect(try await Self.count("ce_ticket", store) == 1)
            #expect(try await Self.count("ce_ticket_article", store) == 1)
            #expect(try await store.ticketWrite(idempotencyKey: "phone-ticket:7") == first)
            #expect(try await store.ticketWrite(idempotencyKey: "never") == nil)

            let later = Self.t0.addingTimeInterval(300)
            let appended = try await store.addArticles([Self.note("appended"), Self.note("log", visible: false)], to: first.id,
                author: author, idempotencyKey: "append:8", now: later)
            #expect(appended == first)
            #expect(try await store.ticket(id: first.id)?.changedAt == later)
            let retried = try await store.addArticles([Self.note("appended")], to: first.id, author: author,
                idempotencyKey: "append:8", now: later.addingTimeInterval(60))
            #expect(retried == first)
            #expect(try await store.articles(of: first.id).map(\.body) == ["first", "appended", "log"])
            #expect(try await store.ticket(id: first.id)?.changedAt == later)
            await #expect(throws: StoreError.notFound("ticket 4242")) {
                _ = try await store.addArticles([Self.note("x")], to: TicketID(4242), author: author, idempotencyKey: "append:9",
                    now: later)
            }
            #expect(try await store.ticketWrite(idempotencyKey: "append:9") == nil)
        }
    }

    @Test("unknown or invalid queue, state, priority: refused by name, nothing written, no number used",
        arguments: StoreEngine.allCases)
    func refusals(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let author = try await Self.author(store)
            await #expect(throws: StoreError.notFound("queue 'Nope'")) {
                _ = try await store.createTicket(Self.creation(author, key: "a", queue: "Nope"))
            }
            await #expect(throws: StoreError.notFound("state 'sleeping'")) {
                _ = try await store.createTicket(Self.creation(author, key: "b", state: "sleeping"))
            }
            await #expect(throws: StoreError.notFound("priority '9 urgent'")) {
                _ = try await store.createTicket(Self.creation(author, key: "c", priority: "9 urgent"))
            }
            var junk = try #require(try await store.queues().first { $0.name == "Junk" })
            junk.isValid = false
            try await store.updateQueue(junk)
            await #expect(throws: StoreError.refused("the queue 'Junk' is invalid")) {
                _ = try await store.createTicket(Self.creation(author, key: "d", queue: "Junk"))
            }
            #expect(try await Self.count("ce_ticket", store) == 0)
            #expect(try await Self.count("ce_ticket_write", store) == 0)
            let ref = try await store.createTicket(Self.creation(author, key: "e"))
            #expect(ref.number.dropLast().hasSuffix("00001"), "the refused writes took no number: \(ref.number)")
        }
    }

    @Test("concurrent creates, from two store instances (two processes) at once, all get distinct numbers",
        arguments: StoreEngine.allCases)
    func concurrentNumbers(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, harness in
            let author = try await Self.author(store)
            let other = try await harness.open()
            let refs: [TicketRef]
            do {
                refs = try await withThrowingTaskGroup(of: TicketRef.self) { group in
                    for index in 0..<40 {
                        let target = index % 2 == 0 ? store : other
                        group.addTask { try await target.createTicket(Self.creation(author, key: "c-\(index)")) }
                    }
                    // the same key from both at once: one ticket
                    for target in [store, other] {
                        group.addTask { try await target.createTicket(Self.creation(author, key: "same")) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
            } catch {
                await other.close()  // an unclosed SQLite connection traps
                throw error
            }
            await other.close()
            #expect(refs.count == 42)
            #expect(Set(refs.map(\.number)).count == 41, "one number per ticket, the shared key's twice")
            let counters = Set(refs.map { Int($0.number.dropLast().suffix(5))! })
            #expect(counters == Set(1...41))
            #expect(try await Self.count("ce_ticket", store) == 41)
            #expect(refs.allSatisfy { TicketNumber.isValid($0.number) })
        }
    }
}
