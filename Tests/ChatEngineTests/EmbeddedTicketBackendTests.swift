import ChatCore
import ChatEngine
import ChatStore
import ChatTestSupport
import Foundation
import Testing

/// The embedded ticket store through the engine's door (`engine.tickets`): who sees and writes what,
/// idempotent writes, attachments and transcripts, ticket numbers.
@Suite("Embedded ticket backend", .timeLimit(.minutes(5)))
struct EmbeddedTicketBackendTests {
    struct World {
        let engine: Engine
        let store: SQLStore
        /// rw on sales, ro on sales, nothing
        let writer, reader, stranger: AgentID
        let carla, bob: CustomerUserID
    }

    static func world(_ store: SQLStore, overrides: String = "") async throws -> World {
        let settings = try ServiceHarness.settings(overrides)
        let clock = TestClock()
        let engine = Engine(store: store, settings: { settings }, clock: { clock.now })
        _ = try await store.addGroup("sales")
        _ = try await store.addQueue(name: "Sales", group: "sales", comment: "")
        func agent(_ login: String, _ permission: GroupPermission?) async throws -> AgentID {
            let agent = try await store.addAgent(NewAgent(login: login, firstName: login.capitalized, lastName: "Agent",
                email: "\(login)@example.com", passwordHash: nil))
            if let permission { try await store.link(agent: agent.id, group: "sales", permission: permission) }
            return agent.id
        }
        try await store.addCustomerCompany(id: "ACME", name: "Acme")
        let carla = try await store.addCustomerUser(NewCustomerUser(login: "carla", customerID: "ACME", email: "c@acme.example",
            firstName: "Carla", lastName: "Kunde", passwordHash: nil))
        let bob = try await store.addCustomerUser(NewCustomerUser(login: "bob", customerID: "ACME", email: "b@acme.example",
            passwordHash: nil))
        return World(engine: engine, store: store, writer: try await agent("wanda", .rw), reader: try await agent("rita", .ro),
            stranger: try await agent("nick", nil), carla: carla.id, bob: bob.id)
    }

    static func ticket(_ title: String = "From a chat", queue: String = "Sales", customer: String = "carla") -> NewTicket {
        NewTicket(title: title, queue: queue, state: "open", priority: "3 normal", customerUser: customer, customerID: "ACME")
    }

    static let bytes: [UInt8] = [0xFF, 0xFE, 0x00, 0xC3, 0x28, 0xE2, 0x82, 0x0A] + Array((0...255).reversed())

    static func articles(_ transcript: Transcript? = nil) -> [NewArticle] {
        [
            NewArticle(senderType: .agent, channel: .phone, isVisibleForCustomer: true, subject: "Chat", body: "what you saw",
                attachments: [TicketAttachment(filename: "seen.bin", contentType: "application/octet-stream", content: bytes)],
                chat: transcript?.chat, transcript: transcript),
            NewArticle(senderType: .agent, channel: .internal, isVisibleForCustomer: false, subject: "Chat (full)",
                body: "everything", attachments: [TicketAttachment(filename: "internal.txt", contentType: "text/plain",
                    content: Array("agents only".utf8))]),
        ]
    }

    static func create(_ world: World, key: String, by agent: AgentID? = nil, ticket: NewTicket = ticket(),
        articles: [NewArticle] = articles()) async throws -> TicketRef
    {
        let backend = world.engine.tickets.backend
        return try await backend.createTicket(ticket, articles: articles,
            by: try await world.engine.tickets.ticketAgent(agent ?? world.writer), idempotencyKey: key)
    }

    @Test("agents: ro on the queue's group sees, rw writes, neither sees nothing", arguments: StoreEngine.allCases)
    func agentPermissions(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let world = try await Self.world(store)
            let tickets = world.engine.tickets
            let ref = try await Self.create(world, key: "k1")
            let writer = try await tickets.ticketAgent(world.writer)
            let reader = try await tickets.ticketAgent(world.reader)
            let stranger = try await tickets.ticketAgent(world.stranger)

            // options: only queues the agent may create tickets in
            #expect(try await tickets.backend.options(for: writer).queues.map(\.name) == ["Sales"])
            #expect(try await tickets.backend.options(for: reader).queues.isEmpty)
            #expect(try await tickets.backend.options(for: stranger).queues.isEmpty)

            // reading
            #expect(try await tickets.search("", by: world.writer).map(\.ref) == [ref])
            #expect(try await tickets.search("from a", by: world.reader).map(\.ref) == [ref])
            #expect(try await tickets.search("", by: world.reader, writableOnly: true).isEmpty)
            #expect(try await tickets.search("", by: world.stranger).isEmpty)
            #expect(try await tickets.zoom(ref.id, by: world.reader)?.articles.count == 2, "agents see every article")
            #expect(try await tickets.zoom(ref.id, by: world.stranger) == nil)

            // writing
            await #expect(throws: EngineError.refused("rita may not create tickets in the queue 'Sales' (needs rw on sales)")) {
                _ = try await Self.create(world, key: "k2", by: world.reader)
            }
            await #expect(throws: EngineError.refused("rita may not write to ticket \(ref.number) (needs rw on sales)")) {
                _ = try await tickets.backend.addArticles(Self.articles(), to: ref.id, by: reader, idempotencyKey: "a1")
            }
            await #expect(throws: EngineError.notFound("ticket \(ref.id.rawValue)"), "not told it exists") {
                _ = try await tickets.backend.addArticles(Self.articles(), to: ref.id, by: stranger, idempotencyKey: "a2")
            }
            #expect(try await tickets.backend.addArticles(Self.articles(), to: ref.id, by: writer, idempotencyKey: "a3") == ref)
            #expect(try await tickets.zoom(ref.id, by: world.writer)?.articles.count == 4)

            // attachments follow the ticket
            let files = try #require(try await tickets.zoom(ref.id, by: world.writer)?.articles.flatMap(\.files))
            #expect(try await tickets.attachment(files[0].id, for: .agent(world.reader))?.content == Self.bytes)
            #expect(try await tickets.attachment(files[0].id, for: .agent(world.stranger)) == nil)

            // a permission taken away takes the ticket with it
            try await store.setGrants(roles: false, holder: world.reader.rawValue,
                group: try #require(try await store.allGroups().first { $0.name == "sales" }?.id), [])
            let settings = try ServiceHarness.settings()
            let fresh = Engine(store: store, settings: { settings })  // no cached permissions
            #expect(try await fresh.tickets.zoom(ref.id, by: world.reader) == nil)
            #expect(try await fresh.tickets.attachment(files[0].id, for: .agent(world.reader)) == nil)
        }
    }

    @Test("customer users: only their own tickets; the zoom shows only articles visible for the customer",
        arguments: StoreEngine.allCases)
    func customers(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let world = try await Self.world(store)
            let tickets = world.engine.tickets
            let carlas = try await Self.create(world, key: "k1")
            let bobs = try await Self.create(world, key: "k2", ticket: Self.ticket("Bob's", customer: "bob"))
            _ = try await Self.create(world, key: "k3", ticket: Self.ticket("A visitor", customer: "Vera <vera@example.com>"))
            #expect(try await tickets.customerTickets(of: world.carla).map(\.ref) == [carlas])
            #expect(try await tickets.customerTickets(of: world.bob).map(\.ref) == [bobs])
            let zoom = try #require(try await tickets.customerZoom(carlas.id, by: world.carla))
            #expect(zoom.articles.map(\.body) == ["what you saw"])
            #expect(try await tickets.customerZoom(bobs.id, by: world.carla) == nil)
            let files = try #require(try await tickets.zoom(carlas.id, by: world.writer)?.articles.map(\.files))
            #expect(try await tickets.attachment(files[0][0].id, for: .customer(world.carla))?.content == Self.bytes)
            #expect(try await tickets.attachment(files[1][0].id, for: .customer(world.carla)) == nil, "an internal article's file")
            #expect(try await tickets.attachment(files[0][0].id, for: .customer(world.bob)) == nil, "someone else's ticket")
        }
    }

    /// A backend that forgets to filter: the engine's customer zoom still shows only customer-visible articles.
    struct LeakyBackend: ForwardingTicketBackend {
        let inner: any TicketBackend
        let all: @Sendable (TicketID) async throws -> [TicketArticle]
        func ticket(_ id: TicketID, for customer: TicketCustomer) async throws -> (Ticket, [TicketArticle])? {
            guard let (ticket, _) = try await inner.ticket(id, for: customer) else { return nil }
            return (ticket, try await all(id))
        }
    }

    @Test("the customer zoom's article filter is the engine's, whatever the backend answers", arguments: [StoreEngine.sqlite])
    func engineFiltersCustomerZoom(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let world = try await Self.world(store)
            let ref = try await Self.create(world, key: "k1")
            let leaky = LeakyBackend(inner: EmbeddedTicketBackend(store: store), all: { try await store.articles(of: $0) })
            #expect(try await leaky.ticket(ref.id, for: TicketCustomer(login: "carla", customerID: "ACME"))?.1.count == 2)
            let settings = try ServiceHarness.settings()
            let leakyEngine = Engine(store: store, settings: { settings }, ticketBackend: leaky)
            let zoom = try #require(try await leakyEngine.tickets.customerZoom(ref.id, by: world.carla))
            #expect(zoom.articles.map(\.isVisibleForCustomer) == [true])
        }
    }

    @Test("idempotent create and addArticles: the same key returns the same ticket and writes nothing",
        arguments: StoreEngine.allCases)
    func idempotency(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let world = try await Self.world(store)
            let first = try await Self.create(world, key: "phone-ticket:chat-7")
            #expect(try await Self.create(world, key: "phone-ticket:chat-7", ticket: Self.ticket("changed")) == first)
            #expect(try await world.engine.tickets.search("", by: world.writer).count == 1)
            let writer = try await world.engine.tickets.ticketAgent(world.writer)
            for _ in 0..<3 {
                #expect(try await world.engine.tickets.backend.addArticles(Self.articles(), to: first.id, by: writer,
                    idempotencyKey: "append:chat-8") == first)
            }
            #expect(try await world.engine.tickets.zoom(first.id, by: world.writer)?.articles.count == 4)
            await #expect(throws: EngineError.refused("an idempotency key of 1 to 200 characters is needed")) {
                _ = try await Self.create(world, key: "")
            }
        }
    }

    @Test("attachments round trip byte for byte (not UTF-8 either) and a transcript comes back as stored",
        arguments: StoreEngine.allCases)
    func attachmentsAndTranscript(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let world = try await Self.world(store)
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            let transcript = Transcript(chat: ChatID(7), audience: .customer, channel: "Support", participants: ["Carla Kunde", "Wanda"],
                startedAt: t0, endedAt: t0.addingTimeInterval(90), entries: [
                    .init(at: t0, kind: .message, author: "Carla Kunde", text: "Hallo 👋\nzweite Zeile", isInternal: false),
                    .init(at: t0.addingTimeInterval(5), kind: .system, author: "", text: "Wanda joined", isInternal: false),
                ])
            let ref = try await Self.create(world, key: "k1", articles: Self.articles(transcript))
            let zoom = try #require(try await world.engine.tickets.zoom(ref.id, by: world.writer))
            #expect(zoom.articles[0].transcript == transcript)
            #expect(zoom.articles[0].chat == ChatID(7))
            #expect(zoom.articles[1].transcript == nil)
            let file = try #require(zoom.articles[0].files.first)
            #expect(file.size == Self.bytes.count && file.filename == "seen.bin")
            let attachment = try #require(try await world.engine.tickets.attachment(file.id, for: .agent(world.writer)))
            #expect(attachment.content == Self.bytes)
            #expect(attachment.contentType == "application/octet-stream")
            #expect(String(validating: attachment.content, as: UTF8.self) == nil, "the bytes are not UTF-8")
        }
    }

    @Test("unknown queue, state, priority: an error naming the value; an invalid queue is not offered nor taken",
        arguments: StoreEngine.allCases)
    func refusals(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let world = try await Self.world(store)
            for (ticket, error) in [
                (NewTicket(title: "t", queue: "Nope", state: "open", priority: "3 normal", customerUser: "", customerID: ""),
                    EngineError.notFound("queue 'Nope'")),
                (NewTicket(title: "t", queue: "Sales", state: "asleep", priority: "3 normal", customerUser: "", customerID: ""),
                    EngineError.notFound("state 'asleep'")),
                (NewTicket(title: "t", queue: "Sales", state: "open", priority: "0 meh", customerUser: "", customerID: ""),
                    EngineError.notFound("priority '0 meh'")),
                (NewTicket(title: "  ", queue: "Sales", state: "open", priority: "3 normal", customerUser: "", customerID: ""),
                    EngineError.refused("a ticket needs a title")),
            ] {
                await #expect(throws: error) { _ = try await Self.create(world, key: "k-\(error)", ticket: ticket) }
            }
            #expect(EngineError.notFound("queue 'Nope'").description == "queue 'Nope' not found")
            await #expect(throws: EngineError.refused("at least one article is needed")) {
                _ = try await Self.create(world, key: "k-none", articles: [])
            }
            var sales = try #require(try await store.queues().first { $0.name == "Sales" })
            sales.isValid = false
            try await store.updateQueue(sales)
            let writer = try await world.engine.tickets.ticketAgent(world.writer)
            #expect(try await world.engine.tickets.backend.options(for: writer).queues.isEmpty)
            await #expect(throws: EngineError.refused("the queue 'Sales' is invalid: new tickets cannot go there")) {
                _ = try await Self.create(world, key: "k-invalid")
            }
            let options = try await world.engine.tickets.backend.options(for: writer)
            #expect(options.defaultState == "open" && options.defaultPriority == "3 normal")
            #expect(options.states == ["open", "closed successful", "closed unsuccessful"])
        }
    }

    @Test("concurrent creates get distinct numbers with the configured SystemID", arguments: StoreEngine.allCases)
    func concurrentNumbers(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            let world = try await Self.world(store, overrides: "    $Self->{'SystemID'} = '42';")
            let refs = try await withThrowingTaskGroup(of: TicketRef.self) { group in
                for index in 0..<30 { group.addTask { try await Self.create(world, key: "c-\(index)") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(Set(refs.map(\.number)).count == 30)
            // TestClock starts at 2027-01-15 08:00 UTC
            #expect(refs.allSatisfy { $0.number.hasPrefix("20270115" + "42") && TicketNumber.isValid($0.number) })
            #expect(Set(refs.map { Int($0.number.dropLast().suffix(5))! }) == Set(1...30))
        }
    }
}
