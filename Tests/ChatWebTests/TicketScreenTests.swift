import ChatCore
import ChatEngine
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ChatWeb

/// AgentTicketSearch, AgentTicketZoom, CustomerTicketOverview and CustomerTicketZoom through HTTP, on the
/// embedded ticket store: who sees which ticket, the transcript as a chat log, escaping, attachments.
@Suite("Ticket screens", .timeLimit(.minutes(2)))
struct TicketScreenTests {
    /// What `seed` made: two tickets and the files on the first.
    struct Seeded {
        /// In `Raw` (group users), the first-start customer user's, with a customer-visible chat transcript, the
        /// full internal log, and an e-mail with two attachments.
        var mine: TicketRef
        /// In `Finance` (group finance), another customer user's of the same company.
        var finance: TicketRef
        var html: Int64
        var png: Int64
        var internalFile: Int64
    }

    static let pngBytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xFF, 0x00]
    static let htmlBytes = Array("<html><script>alert('x')</script></html>".utf8)
    /// 2026-03-01 10:00:00 UTC: 19:00 in Asia/Tokyo.
    static let chatStart = Date(timeIntervalSince1970: 1_772_359_200)

    static func transcript(_ audience: Transcript.Audience) -> Transcript {
        var entries = [
            Transcript.Entry(at: chatStart, kind: .system, author: "", text: "Chat started in Support", isInternal: false),
            Transcript.Entry(at: chatStart + 5, kind: .message, author: "Carla <i>Customer</i>",
                text: "My printer <img src=x onerror=alert(1)> is on fire", isInternal: false),
            Transcript.Entry(at: chatStart + 20, kind: .message, author: "Admin OTRS", text: "Have you tried water?", isInternal: false),
        ]
        if audience == .agent {
            entries.append(Transcript.Entry(at: chatStart + 30, kind: .message, author: "Admin OTRS",
                text: "SECRET-INTERNAL-NOTE: she means it", isInternal: true))
        }
        entries.append(Transcript.Entry(at: chatStart + 40, kind: .system, author: "", text: "Chat closed", isInternal: false))
        return Transcript(chat: ChatID(7), audience: audience, channel: "Support", participants: ["Carla Customer", "Admin OTRS"],
            startedAt: chatStart, endedAt: chatStart + 40, entries: entries)
    }

    /// Two tickets through the ticket backend, as the phone-ticket action makes them; `finance` in a queue whose
    /// group only the agent `fin` (ro) holds.
    static func seed(_ harness: WebHarness) async throws -> Seeded {
        let tickets = harness.env.engine.tickets
        let root = try await tickets.ticketAgent(harness.env.engine.administration.agent(login: "root@localhost").id)
        let customer = try #require(try await harness.store.customerUser(login: harness.credentials.customerLogin))
        let mine = try await tickets.backend.createTicket(
            NewTicket(title: "Printer <b>on fire</b>", queue: "Raw", state: "open", priority: "3 normal",
                customerUser: customer.login, customerID: customer.customerID),
            articles: [
                NewArticle(senderType: .agent, channel: .phone, isVisibleForCustomer: true, subject: "Chat with Carla",
                    body: "CUSTOMER-TEXT-BLOB", chat: ChatID(7), transcript: transcript(.customer)),
                NewArticle(senderType: .agent, channel: .internal, isVisibleForCustomer: false, subject: "Chat log (internal)",
                    body: "INTERNAL-TEXT-BLOB", attachments: [TicketAttachment(filename: "notes.txt", contentType: "text/plain",
                        content: Array("internal notes".utf8))],
                    chat: ChatID(7), transcript: transcript(.agent)),
                NewArticle(senderType: .customer, channel: .email, isVisibleForCustomer: true, subject: "Photos <u>attached</u>",
                    body: "Line one\n<script>alert('body')</script>\n  indented",
                    attachments: [
                        TicketAttachment(filename: "Résumé \"final\".html", contentType: "text/html; charset=utf-8",
                            content: htmlBytes),
                        TicketAttachment(filename: "../photo.png", contentType: "image/png", content: pngBytes),
                    ]),
            ], by: root, idempotencyKey: "ticket-screen-mine")
        _ = try await harness.store.addGroup("finance")
        _ = try await harness.store.addQueue(name: "Finance", group: "finance", comment: "")
        let fin = try await harness.env.engine.administration.addAgent(login: "fin", firstName: "Fiona", lastName: "Finance",
            email: "fin@example.com", password: "secret-fin")
        try await harness.store.link(agent: fin.id, group: "finance", permission: .rw)
        _ = try await harness.env.engine.administration.addCustomerUser(login: "other", customerID: customer.customerID,
            email: "other@example.com", firstName: "Otto", lastName: "Other", password: "secret-other")
        let finance = try await tickets.backend.createTicket(
            NewTicket(title: "Invoice question", queue: "Finance", state: "new", priority: "3 normal", customerUser: "other",
                customerID: customer.customerID),
            articles: [NewArticle(senderType: .customer, channel: .email, isVisibleForCustomer: true, subject: "Invoice",
                body: "FINANCE-BODY")],
            by: try await tickets.ticketAgent(fin.id), idempotencyKey: "ticket-screen-finance")
        let articles = try await harness.store.articles(of: mine.id)
        let files = articles.flatMap(\.files)
        return Seeded(mine: mine, finance: finance,
            html: try #require(files.first { $0.contentType.hasPrefix("text/html") }?.id),
            png: try #require(files.first { $0.contentType == "image/png" }?.id),
            internalFile: try #require(files.first { $0.filename == "notes.txt" }?.id))
    }

    static func html(_ response: TestResponse) -> String { String(buffer: response.body) }

    static func search(_ session: WebSession, _ client: any TestClientProtocol, _ text: String) async throws -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = try #require(text.addingPercentEncoding(withAllowedCharacters: allowed))
        let response = try await session.get(client, "Action=AgentTicketSearch;Subaction=Search;Fulltext=\(encoded)")
        #expect(response.status == .ok)
        return html(response)
    }

    /// The ticket numbers a result page lists.
    static func numbers(_ page: String) -> [String] {
        page.components(separatedBy: "data-ticket-number=\"").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    // MARK: - AgentTicketSearch

    @Test("AgentTicketSearch finds by number, title and customer user, only in queues the agent may see; escapes")
    func search() async throws {
        try await WebHarness.with { harness, client async throws in
            let seeded = try await Self.seed(harness)
            let root = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let mine = seeded.mine.number, finance = seeded.finance.number
            #expect(Self.numbers(try await Self.search(root, client, mine)) == [mine])
            #expect(Self.numbers(try await Self.search(root, client, String(mine.suffix(6)))) == [mine], "part of the number")
            #expect(Self.numbers(try await Self.search(root, client, "printer")) == [mine], "the title, any case")
            #expect(Self.numbers(try await Self.search(root, client, harness.credentials.customerLogin)) == [mine])
            // the finance ticket is in a queue root holds nothing on: not found by anything
            #expect(Self.numbers(try await Self.search(root, client, "Invoice")).isEmpty)
            #expect(Self.numbers(try await Self.search(root, client, finance)).isEmpty)
            #expect(Self.numbers(try await Self.search(root, client, "other")).isEmpty)
            let all = try await root.get(client, "Action=AgentTicketSearch")
            #expect(all.status == .ok && Self.numbers(Self.html(all)) == [mine], "without a text: the latest visible ones")
            let page = try await Self.search(root, client, "printer")
            #expect(page.contains("Printer &lt;b&gt;on fire&lt;/b&gt;") && !page.contains("<b>on fire"))
            #expect(page.contains("href=\"/otrs/index.pl?Action=AgentTicketZoom;TicketID=\(seeded.mine.id.rawValue)\""))
            #expect(page.contains(">Raw<") && page.contains(">open<"), "queue and state")
            #expect(page.contains("1 ticket matching “printer”"))
            #expect(page.contains("id=\"ce-nav-tickets\""), "the toolbar links the search")
            // the search text is shown back escaped
            let typed = try await Self.search(root, client, "<x>\"q")
            #expect(typed.contains("value=\"&lt;x&gt;&quot;q\"") && !typed.contains("<x>"))
            // fin holds ro/rw on finance only: the other way round
            let fin = try await WebSession.login(client, .agent, "fin", "secret-fin")
            #expect(Self.numbers(try await Self.search(fin, client, "")) == [finance])
            #expect(Self.numbers(try await Self.search(fin, client, "printer")).isEmpty)
            #expect(Self.numbers(try await Self.search(fin, client, "Invoice")) == [finance])
        }
    }

    // MARK: - AgentTicketZoom

    @Test("AgentTicketZoom: the fields, articles oldest first, the transcript as a chat log in the agent's zone, escaped")
    func zoom() async throws {
        try await WebHarness.with { harness, client async throws in
            let seeded = try await Self.seed(harness)
            let rootID = try await harness.env.engine.administration.agent(login: "root@localhost").id
            try await harness.store.setPreference(.timeZone, value: "Asia/Tokyo", for: rootID)
            let root = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let response = try await root.get(client, "Action=AgentTicketZoom;TicketID=\(seeded.mine.id.rawValue)")
            #expect(response.status == .ok)
            let page = Self.html(response)
            // the fields
            #expect(page.contains("<dd id=\"ce-ticket-number\">\(seeded.mine.number)</dd>"))
            #expect(page.contains("<dd id=\"ce-ticket-queue\">Raw</dd>") && page.contains(">open</dd>"))
            #expect(page.contains("<dd id=\"ce-ticket-priority\">3 normal</dd>"))
            #expect(page.contains("<dd id=\"ce-ticket-customer-user\">\(harness.credentials.customerLogin)</dd>"))
            #expect(page.contains("id=\"ce-ticket-owner\">Admin OTRS") && page.contains("<dd id=\"ce-ticket-lock\">unlocked</dd>"))
            #expect(page.contains("<title>Ticket#\(seeded.mine.number) — Printer &lt;b&gt;on fire&lt;/b&gt; - ChatEngine</title>"))
            #expect(!page.contains("<b>on fire"))
            // three articles, oldest first, marked
            let ids = page.components(separatedBy: "data-article-id=\"").dropFirst().compactMap { Int64($0.prefix { $0.isNumber }) }
            #expect(ids.count == 3 && ids == ids.sorted())
            #expect(page.components(separatedBy: "Visible for customer</span>").count - 1 == 2)
            #expect(page.components(separatedBy: ">Internal</span>").count - 1 == 1)
            #expect(page.contains("data-channel=\"Phone\"") && page.contains("data-channel=\"Internal\"")
                && page.contains("data-channel=\"Email\""))
            #expect(page.contains("data-sender-type=\"customer\""))
            // the transcripts are chat logs, not their text bodies
            #expect(page.components(separatedBy: "<section class=\"ce-ticket-chatlog\"").count - 1 == 2)
            #expect(!page.contains("CUSTOMER-TEXT-BLOB") && !page.contains("INTERNAL-TEXT-BLOB"))
            #expect(page.contains("<li class=\"ce-message ce-chatlog-entry ce-message-system\" data-kind=\"system\" data-internal=\"0\">"))
            #expect(page.contains("<li class=\"ce-message ce-chatlog-entry ce-message-internal\" data-kind=\"message\" data-internal=\"1\">"))
            #expect(page.contains("<div class=\"ce-message-text\">SECRET-INTERNAL-NOTE: she means it</div>"), "agents see it")
            #expect(page.contains("<span class=\"ce-internal-marker\">internal</span>"))
            // in the agent's time zone (10:00:05 UTC)
            #expect(page.contains("<time datetime=\"2026-03-01T10:00:05.000Z\">19:00:05</time>"))
            #expect(page.contains("Times in Asia/Tokyo."))
            // escaped everywhere: author, message, subject, body
            #expect(page.contains("Carla &lt;i&gt;Customer&lt;/i&gt;") && !page.contains("<i>Customer"))
            #expect(page.contains("My printer &lt;img src=x onerror=alert(1)&gt; is on fire") && !page.contains("<img src=x"))
            #expect(page.contains("Photos &lt;u&gt;attached&lt;/u&gt;"))
            #expect(page.contains("<pre class=\"ce-article-body\">Line one\n&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;\n  indented</pre>"))
            #expect(!page.contains("<script>alert"))
            // the attachments as links
            #expect(page.contains("href=\"/otrs/index.pl?Action=AgentTicketZoom;Subaction=Attachment;FileID=\(seeded.png)\""))
            #expect(page.contains(">Résumé &quot;final&quot;.html</a>"))
            #expect(page.contains(">photo.png</a>") && !page.contains("../photo.png"), "listed under the name it downloads as")
            #expect(page.contains("– <time datetime=\"2026-03-01T10:00:40.000Z\">19:00:40</time>"), "the chat's end, same day")
        }
    }

    @Test("AgentTicketZoom refuses a ticket the agent may not see, or that does not exist, as not found")
    func zoomRefused() async throws {
        try await WebHarness.with { harness, client async throws in
            let seeded = try await Self.seed(harness)
            let root = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let fin = try await WebSession.login(client, .agent, "fin", "secret-fin")
            for (session, query) in [
                (root, "TicketID=\(seeded.finance.id.rawValue)"), (fin, "TicketID=\(seeded.mine.id.rawValue)"),
                (root, "TicketID=999999"), (root, "TicketID=abc"), (root, ""), (root, "TicketID=-1"),
            ] {
                let response = try await session.get(client, "Action=AgentTicketZoom;\(query)")
                let page = Self.html(response)
                #expect(response.status == .notFound, "\(query)")
                #expect(page.contains("No such ticket, or you may not see it."), "\(query)")
                #expect(page.contains("id=\"ce-nav-tickets\"") && page.contains("Action=Logout"), "the toolbar stays: \(query)")
                #expect(!page.contains("Invoice question") && !page.contains("FINANCE-BODY") && !page.contains("Printer"))
            }
            let allowed = try await fin.get(client, "Action=AgentTicketZoom;TicketID=\(seeded.finance.id.rawValue)")
            #expect(allowed.status == .ok && Self.html(allowed).contains("FINANCE-BODY"))
        }
    }

    // MARK: - attachments

    @Test("attachments: the same bytes, a safe type, RFC 6266/5987 names, nosniff; refused to who may not see them")
    func attachments() async throws {
        try await WebHarness.with { harness, client async throws in
            let seeded = try await Self.seed(harness)
            let root = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let html = try await root.get(client, "Action=AgentTicketZoom;Subaction=Attachment;FileID=\(seeded.html)")
            #expect(html.status == .ok)
            #expect(Array(buffer: html.body) == Self.htmlBytes)
            #expect(html.headers[.contentType] == "application/octet-stream", "HTML is never served as HTML")
            #expect(html.headers[.contentDisposition]
                == "attachment; filename=\"R_sum_ _final_.html\"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.html")
            #expect(html.headers[.xContentTypeOptions] == "nosniff")
            #expect(html.headers[.contentSecurityPolicy]?.contains("sandbox") == true)
            let png = try await root.get(client, "Action=AgentTicketZoom;Subaction=Attachment;FileID=\(seeded.png)")
            #expect(png.status == .ok && Array(buffer: png.body) == Self.pngBytes)
            #expect(png.headers[.contentType] == "image/png")
            #expect(png.headers[.contentDisposition] == "attachment; filename=\"photo.png\"", "no folders in the name")
            let notes = try await root.get(client, "Action=AgentTicketZoom;Subaction=Attachment;FileID=\(seeded.internalFile)")
            #expect(notes.status == .ok && notes.headers[.contentType] == "text/plain; charset=utf-8")
            // an agent without ro on Raw, the customer for the internal article's file, another customer for any
            let fin = try await WebSession.login(client, .agent, "fin", "secret-fin")
            for file in [seeded.html, seeded.png, seeded.internalFile, 999_999] {
                let refused = try await fin.get(client, "Action=AgentTicketZoom;Subaction=Attachment;FileID=\(file)")
                #expect(refused.status == .notFound && refused.headers[.contentDisposition] == nil)
                #expect(!Self.html(refused).contains("alert('x')"))
            }
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let own = try await customer.get(client, "Action=CustomerTicketZoom;Subaction=Attachment;FileID=\(seeded.png)")
            #expect(own.status == .ok && Array(buffer: own.body) == Self.pngBytes)
            let internalFile = try await customer.get(client, "Action=CustomerTicketZoom;Subaction=Attachment;FileID=\(seeded.internalFile)")
            #expect(internalFile.status == .notFound && !Self.html(internalFile).contains("internal notes"))
            let other = try await WebSession.login(client, .customer, "other", "secret-other")
            let foreign = try await other.get(client, "Action=CustomerTicketZoom;Subaction=Attachment;FileID=\(seeded.png)")
            #expect(foreign.status == .notFound && foreign.headers[.contentDisposition] == nil)
        }
    }

    @Test("the download's name and type, pure")
    func downloadHeaders() {
        #expect(AttachmentDownload.disposition("report.pdf") == "attachment; filename=\"report.pdf\"")
        #expect(AttachmentDownload.disposition("C:\\Users\\x\\a b.txt") == "attachment; filename=\"a b.txt\"")
        #expect(AttachmentDownload.disposition("日本.txt") == "attachment; filename=\"__.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt")
        #expect(AttachmentDownload.disposition("a\r\nSet-Cookie: x.txt") == "attachment; filename=\"aSet-Cookie: x.txt\"")
        #expect(AttachmentDownload.disposition("100%.txt") == "attachment; filename=\"100%.txt\"; filename*=UTF-8''100%25.txt")
        #expect(AttachmentDownload.disposition("..") == "attachment; filename=\"attachment\"")
        #expect(AttachmentDownload.disposition("") == "attachment; filename=\"attachment\"")
        #expect(AttachmentDownload.contentType("image/svg+xml") == "application/octet-stream", "SVG runs script")
        #expect(AttachmentDownload.contentType("text/html") == "application/octet-stream")
        #expect(AttachmentDownload.contentType("application/javascript") == "application/octet-stream")
        #expect(AttachmentDownload.contentType("") == "application/octet-stream")
        #expect(AttachmentDownload.contentType("IMAGE/JPEG; name=x") == "image/jpeg")
        #expect(AttachmentDownload.contentType("text/plain; charset=\"ISO-8859-1\"") == "text/plain; charset=iso-8859-1")
        #expect(AttachmentDownload.contentType("text/plain; charset=x\r\ny") == "text/plain; charset=utf-8")
        #expect(AttachmentDownload.contentType("application/pdf") == "application/pdf")
    }

    // MARK: - customer interface

    @Test("CustomerTicketOverview lists only the customer user's own tickets; CustomerTicketZoom only customer-visible articles")
    func customer() async throws {
        try await WebHarness.with { harness, client async throws in
            let seeded = try await Self.seed(harness)
            let customer = try await WebSession.login(client, .customer, harness.credentials.customerLogin,
                harness.credentials.customerPassword)
            let overview = try await customer.get(client, "Action=CustomerTicketOverview")
            let list = Self.html(overview)
            #expect(overview.status == .ok && Self.numbers(list) == [seeded.mine.number])
            #expect(list.contains("href=\"/otrs/customer.pl?Action=CustomerTicketZoom;TicketID=\(seeded.mine.id.rawValue)\""))
            #expect(list.contains("Printer &lt;b&gt;on fire&lt;/b&gt;") && !list.contains("Invoice question"))
            #expect(list.contains("id=\"ce-nav-tickets\"") && list.contains("Action=CustomerTicketOverview"))
            #expect(!list.contains(">Raw<"), "queues are the agents' business")

            let zoom = try await customer.get(client, "Action=CustomerTicketZoom;TicketID=\(seeded.mine.id.rawValue)")
            let page = Self.html(zoom)
            #expect(zoom.status == .ok)
            #expect(page.components(separatedBy: "<article ").count - 1 == 2, "the transcript and the e-mail, not the log")
            #expect(!page.contains("SECRET-INTERNAL-NOTE") && !page.contains("INTERNAL-TEXT-BLOB"))
            #expect(!page.contains("Chat log (internal)") && !page.contains("notes.txt") && !page.contains("FileID=\(seeded.internalFile)"))
            #expect(!page.contains("data-visible-for-customer=\"0\"") && !page.contains("ce-internal-marker"))
            #expect(page.components(separatedBy: "<section class=\"ce-ticket-chatlog\"").count - 1 == 1)
            #expect(page.contains("<div class=\"ce-message-text\">Have you tried water?</div>"))
            #expect(page.contains("My printer &lt;img src=x onerror=alert(1)&gt; is on fire"))
            #expect(page.contains("href=\"/otrs/customer.pl?Action=CustomerTicketZoom;Subaction=Attachment;FileID=\(seeded.png)\""))
            #expect(page.contains("<time datetime=\"2026-03-01T10:00:05.000Z\">10:00:05</time>") && page.contains("Times in UTC."))
            #expect(!page.contains("ce-ticket-queue") && !page.contains("ce-ticket-owner"))

            // another customer user's ticket, and theirs to them
            let foreign = try await customer.get(client, "Action=CustomerTicketZoom;TicketID=\(seeded.finance.id.rawValue)")
            #expect(foreign.status == .notFound && !Self.html(foreign).contains("FINANCE-BODY"))
            #expect(Self.html(foreign).contains("No such ticket."))
            let other = try await WebSession.login(client, .customer, "other", "secret-other")
            #expect(Self.numbers(Self.html(try await other.get(client, "Action=CustomerTicketOverview"))) == [seeded.finance.number])
            let notTheirs = try await other.get(client, "Action=CustomerTicketZoom;TicketID=\(seeded.mine.id.rawValue)")
            #expect(notTheirs.status == .notFound && !Self.html(notTheirs).contains("Printer"))
        }
    }

    @Test("without a session, as a visitor, or with the other interface's session: no ticket is shown")
    func anonymous() async throws {
        try await WebHarness.with { harness, client async throws in
            let seeded = try await Self.seed(harness)
            let root = try await WebSession.login(client, .agent, "root@localhost", harness.credentials.agentPassword)
            let queries = [
                ("/otrs/customer.pl", "Action=CustomerTicketOverview"),
                ("/otrs/customer.pl", "Action=CustomerTicketZoom;TicketID=\(seeded.mine.id.rawValue)"),
                ("/otrs/customer.pl", "Action=CustomerTicketZoom;Subaction=Attachment;FileID=\(seeded.png)"),
                ("/otrs/index.pl", "Action=AgentTicketSearch;Fulltext=Printer"),
                ("/otrs/index.pl", "Action=AgentTicketZoom;TicketID=\(seeded.mine.id.rawValue)"),
                ("/otrs/index.pl", "Action=AgentTicketZoom;Subaction=Attachment;FileID=\(seeded.png)"),
            ]
            for (script, query) in queries {
                let anonymous = try await client.execute(uri: "\(script)?\(query)", method: .get)
                #expect(!Self.html(anonymous).contains("Printer") && Array(buffer: anonymous.body) != Self.pngBytes, "\(query)")
                #expect(Self.html(anonymous).contains("name=\"Password\""), "the login form: \(query)")
            }
            // an agent's cookie is no customer session
            let crossed = try await client.execute(uri: "/otrs/customer.pl?Action=CustomerTicketOverview", method: .get,
                headers: [.cookie: root.cookie ?? ""])
            #expect(!Self.html(crossed).contains("Printer") && Self.html(crossed).contains("name=\"Password\""))
            // the public interface serves no ticket screen, visitor token or not
            _ = try await Flow.externalAgent(harness, client)
            let (visitor, _) = try await Flow.visitorRequest(client)
            for action in ["CustomerTicketOverview", "CustomerTicketZoom;TicketID=\(seeded.mine.id.rawValue)", "AgentTicketSearch"] {
                var uri = "/otrs/public.pl?Action=\(action)"
                if let token = visitor.visitorToken { uri += ";VisitorToken=\(token)" }
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .notFound && !Self.html(response).contains("Printer"), "\(action)")
            }
        }
    }
}
