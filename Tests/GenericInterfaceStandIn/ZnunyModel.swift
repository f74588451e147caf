import ChatCore
import ChatJSON
import Foundation
import GenericInterface

/// The seeded Znuny 7 behind the stand-in: its agents, passwords, effective permissions, queues and customer
/// users from `seed.json`, and the tickets written since. It answers as the captures show Znuny answering:
/// answers are the captured ones with the model's values put in (same fields, same JSON kinds), and errors
/// carry the captured code and message.
struct ZnunyModel: Sendable {
    enum Database: Sendable { case postgres, mariadb }

    struct Agent: Sendable {
        var login: String
        var name: String
        var password: String
        var canLogIn: Bool
        /// Znuny's own answer: permission key → groups.
        var permissions: [String: Set<String>]
        func has(_ key: String, on group: String) -> Bool { permissions[key]?.contains(group) ?? false }
        /// DES crypt reads only the first 8 characters of a password (`agent.crypt` logs in with `Crypt-De…`).
        var desCrypt = false
        /// `users.valid_id` is 1: Znuny takes only valid agents as a ticket's owner or responsible.
        var valid = true
        var email = ""
        func accepts(_ typed: String) -> Bool {
            canLogIn && (desCrypt ? typed.prefix(8) == password.prefix(8) : typed == password)
        }
    }

    struct Article: Sendable {
        var id: Int64
        var channel: String
        var senderType: String
        var isVisibleForCustomer: Bool
        var from: String
        var subject: String
        var body: String
        var contentType: String
        var charset: String
        var files: [(id: Int64, filename: String, contentType: String, content: Data)]
        /// When it was written (TicketGet's `CreateTime`): the engine orders a ticket's articles by it.
        var createTime = Date()
    }

    struct Ticket: Sendable {
        var id: Int64
        var number: String
        var title: String
        var queue: String
        var state: String
        var priority: String
        var customerUser: String
        var customerID: String
        var owner: String
        var articles: [Article]
        /// Captured: a ticket made with `Ticket.Owner` is locked unless the request says `Lock`.
        var lock = "unlock"
        var responsible = "root@localhost"
    }

    let database: Database
    var agents: [Agent] = []
    var queues: [(name: String, id: Int64, group: String)] = []
    var customers: [(login: String, valid: Bool, customerID: String)] = []
    /// The customer users' `"Full Name" <e-mail>`, which TicketCreate writes as an article's From when none is sent.
    var customerMailboxes: [String: String] = [:]
    var sessions: [String: String] = [:]
    var tickets: [Ticket] = []
    private var nextTicketID: Int64 = 2
    private var nextArticleID: Int64 = 2
    private var nextFileID: Int64 = 1

    init(database: Database) {
        self.database = database
        let folder = database == .postgres ? "otrs/znuny7-live" : "otrs/znuny7-live-mysql"
        let text = (try? String(contentsOf: Captures.fixtures.appendingPathComponent("\(folder)/seed.json"), encoding: .utf8)) ?? ""
        guard let seed = JSON.parse(text) else { fatalError("cannot read \(folder)/seed.json") }
        for agent in seed["agents"]?.giList ?? [] {
            var permissions: [String: Set<String>] = [:]
            if case .object(let pairs)? = agent["effective_permissions_by_znuny"] {
                for (key, groups) in pairs { permissions[key] = Set((groups.giList ?? []).compactMap(\.stringValue)) }
            }
            agents.append(Agent(login: agent["login"]?.stringValue ?? "", name: agent["name"]?.stringValue ?? "",
                password: agent["password"]?.stringValue ?? "", canLogIn: agent["can_log_in"] == .bool(true), permissions: permissions,
                desCrypt: agent["verified_as"]?.stringValue?.hasPrefix("crypt(DES") ?? false, valid: agent["valid"] != .bool(false),
                email: agent["email"]?.stringValue ?? ""))
        }
        for queue in seed["queues"]?.giList ?? [] {
            queues.append((queue["name"]?.stringValue ?? "", queue["id"]?.intValue ?? 0, queue["group"]?.stringValue ?? ""))
        }
        for customer in seed["customer_users"]?.giList ?? [] {
            customers.append((customer["login"]?.stringValue ?? "", customer["valid"] == .bool(true),
                customer["customer_id"]?.stringValue ?? ""))
            customerMailboxes[customer["login"]?.stringValue ?? ""] =
                "\"\(customer["name"]?.stringValue ?? "")\" <\(customer["email"]?.stringValue ?? "")>"
        }
    }

    // MARK: the values as the database keeps them

    /// PostgreSQL compares logins byte for byte; MariaDB's utf8mb3_general_ci ignores case and trailing spaces.
    func agent(_ login: String) -> Agent? {
        switch database {
        case .postgres: agents.first { $0.login == login }
        case .mariadb: agents.first { Self.fold($0.login) == Self.fold(login) }
        }
    }

    private static func fold(_ text: String) -> String {
        var text = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }

    /// Text as the database stores it (MariaDB: utf8mb3, emoji become U+FFFD).
    func stored(_ text: String) -> String { database == .mariadb ? ZnunyText.utf8mb3(text) : text }

    // MARK: sessions

    mutating func createSession(login: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        let id = String((0..<32).map { _ in alphabet.randomElement()! })
        sessions[id] = login
        return id
    }

    /// The session's agent; MariaDB finds a session ID in any letter case.
    func sessionAgent(_ id: String) -> Agent? {
        let login: String? = switch database {
        case .postgres: sessions[id]
        case .mariadb: sessions.first { $0.key.lowercased() == id.lowercased() }?.value
        }
        return login.flatMap { agent($0) }
    }

    /// What `SessionMaxIdleTime` does: the sessions are gone (Znuny deletes expired ones at the first check).
    mutating func expireSessions(_ id: String? = nil) {
        if let id { sessions[id] = nil } else { sessions.removeAll() }
    }

    // MARK: writes

    /// The ticket as TicketCreate makes it: owned by `Ticket.Owner` (then locked, unless `Ticket.Lock` says
    /// otherwise) or else by the session's agent, unlocked; `Ticket.Responsible` when sent.
    mutating func addTicket(_ fields: JSON, by agent: Agent) -> Ticket {
        let id = nextTicketID
        nextTicketID += 1
        // Znuny's DateChecksum numbers on the capture's day with its SystemID 10: ticket 2 is 2026120110000015
        var ticket = Ticket(id: id, number: TicketNumber.make(day: Date(timeIntervalSince1970: 1_796_134_306), systemID: "10", counter: id - 1), title: stored(fields["Title"]?.stringValue ?? ""),
            queue: fields["Queue"]?.stringValue ?? "", state: fields["State"]?.stringValue ?? "",
            priority: fields["Priority"]?.stringValue ?? "", customerUser: fields["CustomerUser"]?.stringValue ?? "",
            customerID: fields["CustomerID"]?.stringValue ?? customers.first { $0.login == fields["CustomerUser"]?.stringValue }?.customerID ?? "",
            owner: fields["Owner"]?.stringValue ?? agent.login, articles: [])
        if fields["Owner"] != nil { ticket.lock = "lock" }
        if let lock = fields["Lock"]?.stringValue { ticket.lock = lock }
        if let responsible = fields["Responsible"]?.stringValue { ticket.responsible = responsible }
        tickets.append(ticket)
        return ticket
    }

    /// Without `Article.From`, TicketCreate writes the customer user's `"Name" <e-mail>` (or the CustomerUser as
    /// sent) and TicketUpdate the session agent's full name: both captured.
    mutating func addArticle(_ fields: JSON, files: [JSON], to ticketID: Int64, by agent: Agent, creating: Bool = false) -> Article {
        let id = nextArticleID
        nextArticleID += 1
        let contentType = fields["ContentType"]?.stringValue ?? "\(fields["MimeType"]?.stringValue ?? "text/plain"); charset=\(fields["Charset"]?.stringValue ?? "utf-8")"
        let charset = fields["Charset"]?.stringValue ?? contentType.components(separatedBy: "charset=").last ?? ""
        var attached: [(id: Int64, filename: String, contentType: String, content: Data)] = []
        for file in files {
            attached.append((nextFileID, stored(file["Filename"]?.stringValue ?? ""), file["ContentType"]?.stringValue ?? "",
                Data(base64Encoded: file["Content"]?.stringValue ?? "") ?? Data()))
            nextFileID += 1
        }
        let article = Article(id: id, channel: fields["CommunicationChannel"]?.stringValue ?? "",
            senderType: fields["SenderType"]?.stringValue ?? "", isVisibleForCustomer: fields["IsVisibleForCustomer"]?.stringValue == "1",
            from: stored(fields["From"]?.stringValue ?? (creating ? customerFrom(ticketID) : agent.name)), subject: stored(fields["Subject"]?.stringValue ?? ""),
            body: Self.trailingNewlinesRemoved(stored(fields["Body"]?.stringValue ?? "")), contentType: contentType, charset: charset, files: attached)
        if let index = tickets.firstIndex(where: { $0.id == ticketID }) { tickets[index].articles.append(article) }
        return article
    }

    /// Captured: a body sent ending in "\n" comes back without it.
    static func trailingNewlinesRemoved(_ text: String) -> String {
        var text = Substring(text)
        while text.hasSuffix("\n") { text = text.dropLast() }
        return String(text)
    }

    func group(ofQueue name: String) -> String? { queues.first { $0.name == name }?.group }

    private func customerFrom(_ ticketID: Int64) -> String {
        let customer = tickets.first { $0.id == ticketID }?.customerUser ?? ""
        return customerMailboxes[customer] ?? customer
    }
}

extension JSON {
    var giList: [JSON]? { if case .array(let items) = self { items } else { nil } }
}
