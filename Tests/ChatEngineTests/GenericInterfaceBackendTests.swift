import ChatCore
import ChatJSON
import ChatStore
import ChatTestSupport
import Foundation
import GenericInterface
import SysConfig
import Testing
import TicketSystemPeople

@testable import ChatEngine
@testable import GenericInterfaceStandIn

/// The GenericInterface ticket backend against the stand-in that replays the captured Znuny 7 (every request
/// must have a captured shape): chats into tickets through the engine, what agents may see and create
/// following their own permissions, the link to Znuny's zoom, a lost answer retried without a double, and
/// the exact text of a chat kept as a file on a utf8mb3 Znuny.
@Suite("GenericInterface ticket backend against the Znuny stand-in", .timeLimit(.minutes(5)))
struct GenericInterfaceBackendTests {
    static let zoom = GenericInterfaceTicketBackend.ZoomPlace(httpType: "https", fqdn: "znuny.example.com", scriptAlias: "/otrs/")

    /// A stand-in and a backend signed in as the seeded service user; the queues and their groups are the seed's.
    static func withBackend(_ database: ZnunyModel.Database = .postgres, timeout: Duration = .seconds(10),
        _ body: (ZnunyStandIn, GenericInterfaceTicketBackend) async throws -> Void) async throws
    {
        let standIn = try await ZnunyStandIn.start(database: database)
        do {
            let client = GenericInterfaceClient(configuration: try GenericInterfaceConfiguration(url: standIn.url, userLogin: "chatbot",
                password: "BotPw123", timeout: timeout))
            let queues = standIn.state.withLock { $0.model.queues }.map { TicketQueue(id: $0.id, name: $0.name, group: $0.group) }
            let backend = GenericInterfaceTicketBackend(client: client, queues: { queues }, zoom: zoom,
                storesOnlyUTF8MB3: database == .mariadb)
            try await body(standIn, backend)
            // whatever the test expected, nothing sent may have been a shape Znuny never accepted
            #expect(standIn.rejections == [])
        } catch {
            await standIn.stop()
            throw error
        }
        await standIn.stop()
    }

    /// The owner Znuny is sent must be one of its agents: the writer is the seed's agent.rw (Rita Writer).
    static func agent(_ login: String, _ groups: [String: Set<GroupPermission>], name: String? = nil, email: String = "") -> TicketAgent {
        TicketAgent(id: AgentID(1), login: login, name: name ?? "\(login.capitalized) Agent", permissions: AgentPermissions(groups),
            email: email)
    }

    static let writer = agent("agent.rw", ["users": [.rw, .ro], "support": [.rw, .ro]], name: "Rita Writer", email: "rw@znuny-fixture.test")
    static let article = NewArticle(senderType: .agent, channel: .phone, isVisibleForCustomer: true, subject: "Drucker kaputt",
        body: "Kunde: Drucker kaputt\nAgent: Welches Modell?")
    static let note = NewArticle(senderType: .agent, channel: .internal, isVisibleForCustomer: false, subject: "Chat log",
        body: "[internal] VIP")
    static func ticket(queue: String = "Misc") -> NewTicket {
        NewTicket(title: "Drucker kaputt", queue: queue, state: "open", priority: "3 normal", customerUser: "jdoe", customerID: "ACME")
    }

    @Test("phone ticket and append from chats through the engine: two articles each, marked; Znuny's zoom link; search and zoom",
        arguments: StoreEngine.allCases)
    func throughTheEngine(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            try await Self.withBackend { standIn, backend in
                let clock = TestClock()
                let settings = try ServiceHarness.settings()
                let chatEngine = Engine(store: store, settings: { settings }, ticketBackend: backend, clock: { clock.now })
                let rita = try await store.addAgent(NewAgent(login: "agent.rw", firstName: "Rita", lastName: "Writer",
                    email: "rw@znuny-fixture.test", passwordHash: nil)).id
                for permission in [GroupPermission.rw, .chatOwner] { try await store.link(agent: rita, group: "users", permission: permission) }
                try await store.addCustomerCompany(id: "ACME", name: "Acme")
                let jdoe = try await store.addCustomerUser(NewCustomerUser(login: "jdoe", customerID: "ACME", email: "jdoe@example.com",
                    firstName: "John", lastName: "Doe", passwordHash: nil)).id
                try await chatEngine.chats.setAvailability(.external, for: rita)
                chatEngine.chats.presence.input(.agent(rita), at: clock.now)
                func chat(_ first: String) async throws -> ChatID {
                    let chat = try await chatEngine.chats.requestChat(by: .customer(jdoe), channel: nil, firstMessage: first, commandID: nil).chat.id
                    _ = try await chatEngine.chats.accept(chat, by: .agent(rita))
                    _ = try await chatEngine.chats.postMessage(chat, text: "Welches Modell? 🖨️", by: .agent(rita), commandID: nil)
                    _ = try await chatEngine.chats.postMessage(chat, text: "Intern: VIP", visibility: .agents, by: .agent(rita), commandID: nil)
                    return chat
                }

                // the form offers the queues of rita's groups in the ticket system (users), not Chat (support)
                let first = try await chat("Drucker kaputt")
                let form = try await chatEngine.tickets.phoneTicketForm(first, by: rita)
                #expect(form.options.queues.map(\.name) == ["Postmaster", "Raw", "Junk", "Misc"])
                #expect(form.customerUser == "jdoe" && form.options.defaultState == "open")
                let outcome = try await chatEngine.tickets.createPhoneTicket(from: first, Tickets.PhoneTicketRequest(title: form.title,
                    queue: "Misc", state: "open", priority: "3 normal", customerUser: "jdoe"), by: rita, commandID: "pt-1")
                #expect(outcome.link == .url("https://znuny.example.com/otrs/index.pl?Action=AgentTicketZoom;TicketID=\(outcome.ticket.id.rawValue)"))
                let key = "[Chat#\(first.rawValue)-ticket]"
                let stored = try #require(standIn.state.withLock { $0.model.tickets }.first)
                #expect(stored.title == "\(key) Drucker kaputt" && stored.queue == "Misc" && stored.customerUser == "jdoe")
                #expect(stored.articles.map(\.channel) == ["Phone", "Internal"])
                #expect(stored.articles.map(\.subject).allSatisfy { $0.hasPrefix(key.dropLast()) })
                #expect(stored.articles[1].subject.hasPrefix("[Chat#\(first.rawValue)-ticket.2]"))
                #expect(!stored.articles[0].body.contains("Intern: VIP") && stored.articles[1].body.contains("Intern: VIP"))
                // Znuny's ticket is the agent's (locked to her, as Znuny's phone screen does) and she wrote the articles
                #expect(stored.owner == "agent.rw" && stored.lock == "lock")
                #expect(stored.articles.map(\.from) == ["Rita Writer <rw@znuny-fixture.test>", "Rita Writer <rw@znuny-fixture.test>"])

                // the session expired meanwhile: the client signs in again; the agent's zoom reads Znuny's ticket
                standIn.state.withLock { $0.model.expireSessions() }
                let zoom = try #require(try await chatEngine.tickets.zoom(outcome.ticket.id, by: rita))
                #expect(zoom.ticket.ref == outcome.ticket && zoom.ticket.queue == "Misc" && zoom.ticket.stateType == "open")
                #expect(zoom.articles.map(\.channel) == [.phone, .internal] && zoom.articles.map(\.isVisibleForCustomer) == [true, false])
                #expect(zoom.articles[0].body.contains("Welches Modell? 🖨️"))
                #expect(try await chatEngine.tickets.search("drucker", by: rita).map(\.ref) == [outcome.ticket])
                #expect(try await chatEngine.tickets.search(outcome.ticket.number, by: rita).map(\.ref) == [outcome.ticket])
                #expect(try await chatEngine.tickets.search("nothing like it", by: rita) == [])

                // Append: a second chat into the same ticket, two more articles, nothing twice when resent
                let second = try await chat("Noch eine Frage")
                let appended = try await chatEngine.tickets.appendChat(second, to: outcome.ticket.id, by: rita, commandID: "ap-1")
                #expect(appended.ticket == outcome.ticket && appended.chat.events.map(\.kind).last == .closed)
                #expect(standIn.state.withLock { $0.model.tickets }.count == 1)
                #expect(standIn.state.withLock { $0.model.tickets[0].articles }.count == 4)
                let again = try await chatEngine.tickets.appendChat(second, to: outcome.ticket.id, by: rita, commandID: "ap-1")
                #expect(again.ticket == outcome.ticket && standIn.state.withLock { $0.model.tickets[0].articles }.count == 4)
                // the further articles (TicketUpdate: the log, then the two of Append) carry her as the author too
                #expect(standIn.state.withLock { $0.model.tickets[0].articles }.map(\.from).allSatisfy { $0 == "Rita Writer <rw@znuny-fixture.test>" })
                let updates = standIn.exchanges.filter { $0.operation == "TicketUpdate" }
                #expect(updates.count == 3 && updates.allSatisfy { $0.body?["Article"]?["From"] == "Rita Writer <rw@znuny-fixture.test>" })
                let create = try #require(standIn.exchanges.first { $0.operation == "TicketCreate" })
                #expect(create.body?["Ticket"]?["Owner"] == "agent.rw" && create.body?["Ticket"]?["Lock"] == nil)

                // John sees his ticket with the articles visible to him
                let tickets = try await chatEngine.tickets.customerTickets(of: jdoe)
                #expect(tickets.map(\.ref) == [outcome.ticket])
                let customerZoom = try #require(try await chatEngine.tickets.customerZoom(outcome.ticket.id, by: jdoe))
                #expect(customerZoom.articles.count == 2 && customerZoom.articles.allSatisfy(\.isVisibleForCustomer))
            }
        }
    }

    @Test("an agent without rights: no ticket in a queue of a group without rw, nothing seen of a group without ro")
    func accessDenied() async throws {
        try await Self.withBackend { standIn, backend in
            let reader = Self.agent("bert", ["users": [.ro]])
            let stranger = Self.agent("carl", ["users": [.rw, .ro]])
            await #expect(throws: EngineError.refused("bert may not create tickets in the queue 'Misc' (needs rw on users)")) {
                _ = try await backend.createTicket(Self.ticket(), articles: [Self.article], by: reader, idempotencyKey: "chat-1-ticket")
            }
            #expect(standIn.count(.ticketCreate) == 0)
            #expect(try await backend.options(for: reader).queues.isEmpty)

            // a ticket in Chat (group support): the writer sees it, carl (users only) is not told it exists
            let ref = try await backend.createTicket(Self.ticket(queue: "Chat"), articles: [Self.article], by: Self.writer,
                idempotencyKey: "chat-2-ticket")
            #expect(try await backend.ticket(ref.id, for: Self.writer)?.ref == ref)
            #expect(try await backend.ticket(ref.id, for: stranger) == nil)
            #expect(try await backend.articles(of: ref.id, for: stranger) == nil)
            #expect(try await backend.searchTickets("Drucker", for: stranger, writableOnly: false, limit: 10) == [])
            #expect(try await backend.searchTickets("Drucker", for: Self.writer, writableOnly: false, limit: 10).map(\.ref) == [ref])
            await #expect(throws: EngineError.notFound("ticket \(ref.id.rawValue)")) {
                _ = try await backend.addArticles([Self.note], to: ref.id, by: stranger, idempotencyKey: "chat-3-ticket")
            }
            // read-only on the group: seen, not written
            let ticketInUsers = try await backend.createTicket(Self.ticket(), articles: [Self.article], by: Self.writer,
                idempotencyKey: "chat-4-ticket")
            await #expect(throws: EngineError.refused("bert may not write to ticket \(ticketInUsers.number) (needs rw on users)")) {
                _ = try await backend.addArticles([Self.note], to: ticketInUsers.id, by: reader, idempotencyKey: "chat-5-ticket")
            }
            #expect(standIn.count(.ticketUpdate) == 0)
            // a ticket that does not exist is Znuny's AccessDenied: not found
            #expect(try await backend.ticket(TicketID(999_999), for: Self.writer) == nil)
            // a visitor: the e-mail is the customer; a name alone is refused before anything is sent
            var visitor = Self.ticket()
            visitor.customerUser = "\"Vera Visitor\" <vera@example.org>"
            visitor.customerID = "vera@example.org"
            let visitorTicket = try await backend.createTicket(visitor, articles: [Self.article], by: Self.writer, idempotencyKey: "chat-8-ticket")
            #expect(try await backend.ticket(visitorTicket.id, for: Self.writer)?.customerUser == "vera@example.org")
            visitor.customerUser = "\"Vera Visitor\""
            await #expect(throws: EngineError.refused("the ticket system needs a customer user or an e-mail address for the ticket")) {
                _ = try await backend.createTicket(visitor, articles: [Self.article], by: Self.writer, idempotencyKey: "chat-9-ticket")
            }
            // Znuny's own refusal keeps its message
            await #expect(throws: EngineError.refused("the ticket system refused (TicketCreate.InvalidParameter): TicketCreate: Ticket->CustomerUser parameter is invalid!")) {
                var ticket = Self.ticket()
                ticket.customerUser = "old.customer"
                ticket.customerID = ""
                _ = try await backend.createTicket(ticket, articles: [Self.article], by: Self.writer, idempotencyKey: "chat-6-ticket")
            }
        }
    }

    @Test("the stand-in writes but never answers: the retry finds the marked ticket and article, exactly one of each",
        arguments: [ZnunyModel.Database.postgres, .mariadb])
    func lostAnswers(database: ZnunyModel.Database) async throws {
        try await Self.withBackend(database, timeout: .seconds(5)) { standIn, backend in
            standIn.state.withLock { $0.hangAfter[.ticketCreate] = 1 }
            await #expect(throws: EngineError.self) {
                _ = try await backend.createTicket(Self.ticket(), articles: [Self.article, Self.note], by: Self.writer,
                    idempotencyKey: "chat-7-ticket")
            }
            // the first try made the ticket with its first article; the second article was never sent
            #expect(standIn.state.withLock { $0.model.tickets }.map(\.articles.count) == [1])
            let ref = try await backend.createTicket(Self.ticket(), articles: [Self.article, Self.note], by: Self.writer,
                idempotencyKey: "chat-7-ticket")
            #expect(standIn.count(.ticketCreate) == 1)
            let tickets = standIn.state.withLock { $0.model.tickets }
            #expect(tickets.map(\.id) == [ref.id.rawValue] && tickets[0].articles.count == 2)
            #expect(try await backend.createTicket(Self.ticket(), articles: [Self.article, Self.note], by: Self.writer,
                idempotencyKey: "chat-7-ticket") == ref)

            standIn.state.withLock { $0.hangAfter[.ticketUpdate] = 1 }
            await #expect(throws: EngineError.self) {
                _ = try await backend.addArticles([Self.note], to: ref.id, by: Self.writer, idempotencyKey: "chat-7-ticket-after-3")
            }
            #expect(try await backend.addArticles([Self.note], to: ref.id, by: Self.writer, idempotencyKey: "chat-7-ticket-after-3") == ref)
            #expect(standIn.count(.ticketUpdate) == 2)
            #expect(standIn.state.withLock { $0.model.tickets }.map(\.articles.count) == [3])
        }
    }

    @Test("owner and author as a live Znuny takes them: Ticket.Owner the agent, Lock unlock when closed, From the agent's address")
    func ownerAndAuthor() async throws {
        try await Self.withBackend { standIn, backend in
            // open: the agent owns it and Znuny locks it to her; both articles are hers
            let open = try await backend.createTicket(Self.ticket(), articles: [Self.article, Self.note], by: Self.writer,
                idempotencyKey: "chat-60-ticket")
            var stored = try #require(standIn.state.withLock { $0.model.tickets }.first { $0.id == open.id.rawValue })
            #expect(stored.owner == "agent.rw" && stored.lock == "lock")
            #expect(stored.articles.map(\.from) == ["Rita Writer <rw@znuny-fixture.test>", "Rita Writer <rw@znuny-fixture.test>"])
            let creates = standIn.exchanges.filter { $0.operation == "TicketCreate" }
            #expect(creates.last?.body?["Ticket"]?["Owner"] == "agent.rw" && creates.last?.body?["Ticket"]?["Lock"] == nil)
            #expect(creates.last?.body?["Article"]?["From"] == "Rita Writer <rw@znuny-fixture.test>")
            let update = try #require(standIn.exchanges.last { $0.operation == "TicketUpdate" })
            #expect(update.body?["Article"]?["From"] == "Rita Writer <rw@znuny-fixture.test>" && update.body?["Ticket"] == nil)

            // closed at once: sent unlocked (Znuny would leave it locked); a name with a comma goes quoted
            var closedTicket = Self.ticket()
            closedTicket.state = "closed successful"
            let comma = Self.agent("agent.rw", ["users": [.rw]], name: "Writer, Rita", email: "rw@znuny-fixture.test")
            let closed = try await backend.createTicket(closedTicket, articles: [Self.note], by: comma, idempotencyKey: "chat-61-ticket")
            stored = try #require(standIn.state.withLock { $0.model.tickets }.first { $0.id == closed.id.rawValue })
            #expect(stored.owner == "agent.rw" && stored.lock == "unlock" && stored.articles.map(\.from) == ["\"Writer, Rita\" <rw@znuny-fixture.test>"])

            // an agent without an address: no From (Znuny refuses a bare name), so Znuny writes the customer user on
            // TicketCreate and the service user's name on TicketUpdate, as captured
            let nameless = Self.agent("agent.rw", ["users": [.rw, .ro]], name: "Rita Writer")
            let plain = try await backend.createTicket(Self.ticket(), articles: [Self.article, Self.note], by: nameless,
                idempotencyKey: "chat-62-ticket")
            stored = try #require(standIn.state.withLock { $0.model.tickets }.first { $0.id == plain.id.rawValue })
            #expect(stored.articles.map(\.from) == ["\"John Doe\" <jdoe@acme-corp.test>", "Chat Bot"])

            // a customer's article (pre-ticket chat): no From, Znuny writes the customer user's own name and address
            let customerArticle = NewArticle(senderType: .customer, channel: .internal, isVisibleForCustomer: true, subject: "Drucker",
                body: "Mein Drucker druckt Kästchen")
            let pre = try await backend.createTicket(Self.ticket(), articles: [customerArticle], by: Self.writer, idempotencyKey: "pre-ticket-jdoe-1")
            stored = try #require(standIn.state.withLock { $0.model.tickets }.first { $0.id == pre.id.rawValue })
            #expect(stored.articles.map(\.from) == ["\"John Doe\" <jdoe@acme-corp.test>"] && stored.owner == "agent.rw")

            // an owner Znuny does not know (or an invalid agent): Znuny's refusal, nothing written
            let stranger = Self.agent("anna", ["users": [.rw, .ro]], name: "Anna Agent", email: "anna@example.com")
            let count = standIn.state.withLock { $0.model.tickets.count }
            await #expect(throws: EngineError.refused("the ticket system refused (TicketCreate.InvalidParameter): TicketCreate: Ticket->OwnerID or Ticket->Owner parameter is invalid!")) {
                _ = try await backend.createTicket(Self.ticket(), articles: [Self.article], by: stranger, idempotencyKey: "chat-63-ticket")
            }
            #expect(standIn.state.withLock { $0.model.tickets.count } == count)
        }
        // the gate still holds: the owner by ID, never captured, is refused by the stand-in
        let shapes = RequestShapes.fromCaptures
        let captured = try #require(Captures.all.first { $0.file == Captures.ownerAndAuthor && $0.name.hasPrefix("TicketCreate with Ticket.Owner (agent.rw") }?.body)
        #expect(shapes.problems(.ticketCreate, query: [], body: captured) == [])
        guard case .object(let pairs) = captured else { return }
        let byID = JSON.object(pairs.map { key, value in
            guard key == "Ticket", case .object(let ticket) = value else { return (key, value) }
            return (key, .object(ticket.map { $0.0 == "Owner" ? ("OwnerID", .int(3)) : $0 }))
        })
        #expect(shapes.problems(.ticketCreate, query: [], body: byID).contains { $0.contains("Ticket with fields") })
    }

    @Test("a utf8mb3 Znuny (MariaDB): the exact text goes along as a file and the body says so; PostgreSQL keeps it as it is",
        arguments: [ZnunyModel.Database.postgres, .mariadb])
    func utf8mb3(database: ZnunyModel.Database) async throws {
        try await Self.withBackend(database) { standIn, backend in
            let text = "Jürgen: Grüß Gott! 客服 🖨️💥\nAgent: 👍"
            let article = NewArticle(senderType: .agent, channel: .internal, isVisibleForCustomer: false, subject: "Chat 🖨️",
                body: text, chat: ChatID(42))
            let ref = try await backend.createTicket(Self.ticket(), articles: [article], by: Self.writer, idempotencyKey: "chat-42-ticket")
            let stored = try #require(standIn.state.withLock { $0.model.tickets }.first?.articles.first)
            switch database {
            case .mariadb:
                #expect(stored.files.map(\.filename) == ["Chat-42-transcript.txt"])
                #expect(stored.files.first?.content == Data(text.utf8))
                #expect(stored.body.hasPrefix(ZnunyText.utf8mb3(text)) && stored.body.contains("attached as Chat-42-transcript.txt"))
                #expect(stored.body.contains("\u{FFFD}"))
            case .postgres:
                #expect(stored.files.isEmpty && stored.body == text)
            }
            let articles = try #require(try await backend.articles(of: ref.id, for: Self.writer))
            #expect(articles.map(\.files.count) == [database == .mariadb ? 1 : 0])
        }
    }

    @Test("beside the ticket system's database: its queues with their groups, its place, and each agent's own permissions decide",
        arguments: TicketSystemEngine.allCases)
    func withTheDirectory(_ database: TicketSystemEngine) async throws {
        let config = try database.config(extra: "    $Self->{HttpType} = 'https';\n    $Self->{FQDN} = 'znuny.example.com';")
        try await TicketSystemDirectoryTests.withEngine(database, config: config) { engine, directory in
            _ = try await directory.refresh()
            let queues = try await directory.queues()
            #expect(queues.map(\.name) == ["Postmaster", "Raw", "Junk", "Misc", "Chat", "Chat::Escalation"])
            #expect(queues.map(\.group) == ["users", "users", "users", "users", "support", "support"])
            #expect(directory.storesOnlyUTF8MB3 == (database == .mariadb))
            #expect(directory.zoomPlace == .init(httpType: "https", fqdn: "znuny.example.com", scriptAlias: "otrs/"))
            try await Self.withBackend(database == .mariadb ? .mariadb : .postgres) { standIn, standInBackend in
                let backend = GenericInterfaceTicketBackend(client: standInBackend.client, queues: { try await directory.queues() },
                    zoom: directory.zoomPlace, storesOnlyUTF8MB3: directory.storesOnlyUTF8MB3)
                let agents = try await engine.directory.agents()
                func agent(_ login: String) async throws -> TicketAgent {
                    try await engine.tickets.ticketAgent(try #require(agents.first { $0.login == login }).id)
                }
                // agent.owner: rw on users, only ro on support (Znuny refuses it TicketCreate in Chat too)
                let owner = try await agent("agent.owner")
                #expect(try await backend.options(for: owner).queues.map(\.name) == ["Postmaster", "Raw", "Junk", "Misc"])
                await #expect(throws: EngineError.refused("agent.owner may not create tickets in the queue 'Chat' (needs rw on support)")) {
                    _ = try await backend.createTicket(Self.ticket(queue: "Chat"), articles: [Self.article], by: owner, idempotencyKey: "chat-1-ticket")
                }
                let rw = try await agent("agent.rw")
                let ref = try await backend.createTicket(Self.ticket(queue: "Chat"), articles: [Self.article], by: rw, idempotencyKey: "chat-1-ticket")
                #expect(try await backend.ticket(ref.id, for: owner)?.ref == ref)
                // agent.observer holds no ro anywhere: told nothing
                #expect(try await backend.ticket(ref.id, for: try await agent("agent.observer")) == nil)
                #expect(backend.agentLink(for: ref) == .url("https://znuny.example.com/otrs/index.pl?Action=AgentTicketZoom;TicketID=\(ref.id.rawValue)"))
                #expect(standIn.count(.ticketCreate) == 1)
            }
            // the start-up with the directory: the password from a file (its first line), a missing file named
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("gi-password-\(UUID().uuidString)")
            try Data("BotPw123\nrest".utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            var settings = TicketBackendSettings(kind: .genericInterface, url: "http://127.0.0.1:1/otrs/nph-genericinterface.pl",
                user: "chatbot", passwordFile: file.path)
            let opened = try #require(try TicketBackendOpening.open(settings, home: "/tmp", people: directory) as? GenericInterfaceTicketBackend)
            #expect(await opened.client.configuration.password == "BotPw123" && opened.zoom == directory.zoomPlace)
            settings.passwordFile = "no-such-file"
            #expect(throws: EngineError.refused("ChatEngine::TicketBackend::GenericInterface: the GenericInterface password file "
                + "'/tmp/no-such-file' cannot be read (UTF-8, at most 4 KiB)"))
            {
                _ = try TicketBackendOpening.open(settings, home: "/tmp", people: directory)
            }
        }
    }

    @Test("through the outbox: the log's articles after a lost TicketUpdate answer are written once, by the next attempt",
        arguments: StoreEngine.allCases)
    func throughTheOutbox(_ engine: StoreEngine) async throws {
        try await StoreHarness.with(engine) { store, _ in
            try await Self.withBackend(timeout: .seconds(5)) { standIn, backend in
                let clock = TestClock()
                let settings = try ServiceHarness.settings()
                let chatEngine = Engine(store: store, settings: { settings }, ticketBackend: backend, clock: { clock.now })
                let rita = try await store.addAgent(NewAgent(login: "agent.rw", firstName: "Rita", lastName: "Writer",
                    email: "rw@znuny-fixture.test", passwordHash: nil)).id
                try await store.link(agent: rita, group: "users", permission: .rw)
                let ref = try await backend.createTicket(Self.ticket(), articles: [Self.article], by: Self.writer,
                    idempotencyKey: "chat-9-ticket")
                let item = try await chatEngine.outbox.enqueueTicketArticles([Self.article, Self.note], to: ref.id, by: rita,
                    idempotencyKey: "chat-9-ticket-after-12")
                standIn.state.withLock { $0.hangAfter[.ticketUpdate] = 1 }
                #expect(try await chatEngine.outbox.workDue().retried == 1)
                #expect(standIn.state.withLock { $0.model.tickets[0].articles }.count == 2, "the first article was written")
                clock.advance(3600)
                #expect(try await chatEngine.outbox.workDue().done == 1)
                let articles = standIn.state.withLock { $0.model.tickets[0].articles }
                #expect(articles.map(\.subject) == ["[Chat#9-ticket] Drucker kaputt", "[Chat#9-ticket-after-12] Drucker kaputt",
                    "[Chat#9-ticket-after-12.2] Chat log"])
                #expect(try await chatEngine.outbox.item(id: item.id)?.state == .done)
            }
        }
    }

    @Test("the settings: GenericInterface needs URL, User and Password or PasswordFile; Timeout as a number of seconds")
    func settings() throws {
        #expect(throws: ConfigLoadError.self) {
            _ = try ServiceHarness.settings("    $Self->{'ChatEngine::TicketBackend'} = 'GenericInterface';")
        }
        #expect(throws: ConfigLoadError.self) { _ = try ServiceHarness.settings("    $Self->{'ChatEngine::TicketBackend'} = 'Znuny';") }
        let read = try ServiceHarness.settings("""
                $Self->{'ChatEngine::TicketBackend'} = 'GenericInterface';
                $Self->{'ChatEngine::TicketBackend::GenericInterface::URL'} = 'https://znuny.example.com/otrs/nph-genericinterface.pl';
                $Self->{'ChatEngine::TicketBackend::GenericInterface::User'} = 'chatbot';
                $Self->{'ChatEngine::TicketBackend::GenericInterface::PasswordFile'} = '/etc/chatengine/gi-password';
                $Self->{'ChatEngine::TicketBackend::GenericInterface::Timeout'} = '5';
            """).ticketBackend
        #expect(read == TicketBackendSettings(kind: .genericInterface, url: "https://znuny.example.com/otrs/nph-genericinterface.pl",
            user: "chatbot", passwordFile: "/etc/chatengine/gi-password", timeout: 5))
        #expect(try ServiceHarness.settings().ticketBackend == TicketBackendSettings())
    }

    @Test("the ticket system's database away: no queues, so nobody's rights can be told; the engine says it is unavailable")
    func databaseAway() async throws {
        let config = try TicketSystemDirectoryTests.ticketSystemConfig(port: "1")
        let database = TicketSystemReaders.open(config: config, timeout: .seconds(2))
        try await StoreHarness.with(.sqlite) { store, _ in
            let directory = TicketSystemDirectory(database: database, store: store, refusalTime: .milliseconds(1))
            do {
                _ = try await directory.queues()
                Issue.record("queues were read from a database that is not there")
            } catch let error as EngineError {
                guard case .unavailable = error else { Issue.record("not unavailable: \(error)"); return }
            }
        }
        await database.close()
    }

    @Test("the engine refuses GenericInterface without the ticket system's directory, naming the settings")
    func startUp() async throws {
        try await StoreHarness.with(.sqlite) { store, _ in
            let settings = try ServiceHarness.settings()
            let embedded = EmbeddedDirectory(store: store, settings: { settings })
            let gi = TicketBackendSettings(kind: .genericInterface, url: "http://127.0.0.1:1/otrs/nph-genericinterface.pl",
                user: "chatbot", password: "x")
            #expect(throws: EngineError.refused("ChatEngine::TicketBackend GenericInterface needs ChatEngine::Directory::Backend "
                + "TicketSystemDatabase: what an agent may see and create in the ticket system follows their permissions there"))
            {
                _ = try TicketBackendOpening.open(gi, home: "/tmp", people: embedded)
            }
            #expect(try TicketBackendOpening.open(TicketBackendSettings(), home: "/tmp", people: embedded) == nil)
        }
    }
}
