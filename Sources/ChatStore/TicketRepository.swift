import ChatCore
import Foundation

/// ChatEngine's own ticket store: queues (each with a group), OTRS's states and priorities, tickets with
/// date-checksum numbers, articles with attachments and transcripts. Who may see or write what is the
/// engine's decision (`EmbeddedTicketBackend`); the store keeps and finds.
public protocol TicketRepository: Sendable {
    /// Every queue, valid or not, by name.
    func queues() async throws -> [TicketQueue]
    func queue(id: Int64) async throws -> TicketQueue?
    /// A new, valid queue in an existing group (`StoreError.notFound` names a missing group).
    func addQueue(name: String, group: String, comment: String) async throws -> TicketQueue
    /// Saves a queue's name, group, validity and comment.
    func updateQueue(_ queue: TicketQueue) async throws
    /// OTRS's ticket states, in the order they were added.
    func ticketStates() async throws -> [TicketStateRecord]
    /// The valid priorities' names, lowest first.
    func ticketPriorities() async throws -> [String]

    /// Creates a ticket with its number (the day's counter is taken inside the same transaction, so two
    /// concurrent creates never get the same number) and its articles, and records the idempotency key in
    /// that transaction. A key already recorded returns that ticket and writes nothing.
    func createTicket(_ creation: TicketCreation) async throws -> TicketRef
    /// Adds articles to a ticket and moves its `changed_at`; the idempotency key as for `createTicket`.
    func addArticles(_ articles: [NewArticle], to ticket: TicketID, author: TicketAuthor, idempotencyKey: String, now: Date)
        async throws -> TicketRef
    /// The ticket a completed write with this key made or wrote to.
    func ticketWrite(idempotencyKey: String) async throws -> TicketRef?

    func ticket(id: TicketID) async throws -> Ticket?
    /// Tickets in these queues whose number, title or customer user contains `text` (all when empty), most
    /// recently changed first.
    func searchTickets(_ text: String, inQueues queues: [Int64], limit: Int) async throws -> [Ticket]
    /// Tickets whose `CustomerUserID` is this login, most recently changed first.
    func tickets(customerUser login: String, limit: Int) async throws -> [Ticket]
    /// A ticket's articles with their files' descriptions, oldest first.
    func articles(of ticket: TicketID) async throws -> [TicketArticle]
    /// An attachment with the ticket and article it belongs to.
    func attachment(id: Int64) async throws -> StoredAttachment?
}

/// One of OTRS's ticket states: its name and its type (`new`, `open`, `closed`, `pending reminder`, …).
public struct TicketStateRecord: Hashable, Sendable {
    public var name: String
    public var type: String
    public var isValid: Bool

    public init(name: String, type: String, isValid: Bool) {
        self.name = name
        self.type = type
        self.isValid = isValid
    }
}

/// The agent an article is written by (`from` on the article).
public struct TicketAuthor: Hashable, Sendable {
    public var id: AgentID
    public var name: String

    public init(id: AgentID, name: String) {
        self.id = id
        self.name = name
    }
}

/// A ticket to create as the store records it: owned by `author`, numbered with `systemID`.
public struct TicketCreation: Hashable, Sendable {
    public var ticket: NewTicket
    public var articles: [NewArticle]
    public var author: TicketAuthor
    public var systemID: String
    public var idempotencyKey: String
    public var now: Date

    public init(ticket: NewTicket, articles: [NewArticle], author: TicketAuthor, systemID: String, idempotencyKey: String,
        now: Date)
    {
        self.ticket = ticket
        self.articles = articles
        self.author = author
        self.systemID = systemID
        self.idempotencyKey = idempotencyKey
        self.now = now
    }
}

/// An attachment's bytes with where it hangs: who may download it depends on its ticket and article.
public struct StoredAttachment: Hashable, Sendable {
    public var ticket: TicketID
    public var article: Int64
    public var isVisibleForCustomer: Bool
    public var attachment: TicketAttachment

    public init(ticket: TicketID, article: Int64, isVisibleForCustomer: Bool, attachment: TicketAttachment) {
        self.ticket = ticket
        self.article = article
        self.isVisibleForCustomer = isVisibleForCustomer
        self.attachment = attachment
    }
}
