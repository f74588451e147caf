import Foundation

/// A ticket's ID in its ticket system (ChatEngine's own store, or Znuny's `ticket.id`).
public struct TicketID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: Int64
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "ticket \(rawValue)" }
}

/// A ticket as people name it: its ID and its number (`2026120210000017`).
public struct TicketRef: Hashable, Sendable, Codable {
    public var id: TicketID
    public var number: String

    public init(id: TicketID, number: String) {
        self.id = id
        self.number = number
    }
}

/// A queue: every ticket is in one, and its group decides who sees (`ro`) and writes (`rw`) its tickets.
public struct TicketQueue: Hashable, Sendable, Codable {
    public var id: Int64
    public var name: String
    public var group: String
    public var isValid: Bool
    public var comment: String

    public init(id: Int64, name: String, group: String, isValid: Bool = true, comment: String = "") {
        self.id = id
        self.name = name
        self.group = group
        self.isValid = isValid
        self.comment = comment
    }
}

/// A ticket with what the screens show.
public struct Ticket: Hashable, Sendable {
    public var ref: TicketRef
    public var title: String
    public var queue: String
    public var state: String
    /// OTRS's state type (`new`, `open`, `closed`, `pending reminder`, …).
    public var stateType: String
    public var priority: String
    /// OTRS's `CustomerUserID`: a customer user's login, or free text (a visitor's name and e-mail).
    public var customerUser: String
    /// OTRS's `CustomerID`: the customer user's company.
    public var customerID: String
    /// The owner's login and full name.
    public var owner: String
    public var ownerName: String
    public var isLocked: Bool
    public var createdAt: Date
    public var changedAt: Date

    public init(ref: TicketRef, title: String, queue: String, state: String, stateType: String, priority: String,
        customerUser: String, customerID: String, owner: String, ownerName: String, isLocked: Bool, createdAt: Date,
        changedAt: Date)
    {
        self.ref = ref
        self.title = title
        self.queue = queue
        self.state = state
        self.stateType = stateType
        self.priority = priority
        self.customerUser = customerUser
        self.customerID = customerID
        self.owner = owner
        self.ownerName = ownerName
        self.isLocked = isLocked
        self.createdAt = createdAt
        self.changedAt = changedAt
    }
}

/// OTRS's article sender types.
public enum ArticleSenderType: String, Sendable, Codable, CaseIterable {
    case agent, system, customer
}

/// OTRS's communication channels an article can come through (the GenericInterface accepts the first three).
public enum CommunicationChannel: String, Sendable, Codable, CaseIterable {
    case email = "Email"
    case phone = "Phone"
    case `internal` = "Internal"
}

/// A file on an article.
public struct TicketAttachment: Hashable, Sendable {
    public var filename: String
    public var contentType: String
    public var content: [UInt8]

    public init(filename: String, contentType: String, content: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.content = content
    }
}

/// An article to write. `transcript`, when set, is the chat the body was rendered from: ChatEngine's own
/// zoom shows it as a chat log; a ticket system that cannot keep it shows the body.
public struct NewArticle: Hashable, Sendable {
    public var senderType: ArticleSenderType
    public var channel: CommunicationChannel
    public var isVisibleForCustomer: Bool
    public var subject: String
    public var body: String
    public var attachments: [TicketAttachment]
    public var chat: ChatID?
    public var transcript: Transcript?

    public init(senderType: ArticleSenderType, channel: CommunicationChannel, isVisibleForCustomer: Bool, subject: String,
        body: String, attachments: [TicketAttachment] = [], chat: ChatID? = nil, transcript: Transcript? = nil)
    {
        self.senderType = senderType
        self.channel = channel
        self.isVisibleForCustomer = isVisibleForCustomer
        self.subject = subject
        self.body = body
        self.attachments = attachments
        self.chat = chat
        self.transcript = transcript
    }
}

/// An article as stored: who wrote it (`from`, their name), and its attachments' descriptions.
public struct TicketArticle: Hashable, Sendable {
    public struct File: Hashable, Sendable {
        public var id: Int64
        public var filename: String
        public var contentType: String
        public var size: Int

        public init(id: Int64, filename: String, contentType: String, size: Int) {
            self.id = id
            self.filename = filename
            self.contentType = contentType
            self.size = size
        }
    }

    public var id: Int64
    public var ticket: TicketID
    public var senderType: ArticleSenderType
    public var channel: CommunicationChannel
    public var isVisibleForCustomer: Bool
    public var from: String
    public var subject: String
    public var body: String
    public var files: [File]
    public var chat: ChatID?
    public var transcript: Transcript?
    public var createdAt: Date

    public init(id: Int64, ticket: TicketID, senderType: ArticleSenderType, channel: CommunicationChannel,
        isVisibleForCustomer: Bool, from: String, subject: String, body: String, files: [File] = [], chat: ChatID? = nil,
        transcript: Transcript? = nil, createdAt: Date)
    {
        self.id = id
        self.ticket = ticket
        self.senderType = senderType
        self.channel = channel
        self.isVisibleForCustomer = isVisibleForCustomer
        self.from = from
        self.subject = subject
        self.body = body
        self.files = files
        self.chat = chat
        self.transcript = transcript
        self.createdAt = createdAt
    }
}

/// A ticket to create. Queue, state and priority by name, as OTRS's `TicketCreate` takes them.
public struct NewTicket: Hashable, Sendable {
    public var title: String
    public var queue: String
    public var state: String
    public var priority: String
    public var customerUser: String
    public var customerID: String

    public init(title: String, queue: String, state: String, priority: String, customerUser: String, customerID: String) {
        self.title = title
        self.queue = queue
        self.state = state
        self.priority = priority
        self.customerUser = customerUser
        self.customerID = customerID
    }
}

/// The agent a ticket operation is done for: the owner of what they create, the author of what they write;
/// what they may see and write follows their permissions on the queues' groups.
public struct TicketAgent: Equatable, Sendable {
    public var id: AgentID
    public var login: String
    public var name: String
    public var permissions: AgentPermissions
    /// From the directory; a ticket system's article gives it as the author's address (may be empty).
    public var email: String

    public init(id: AgentID, login: String, name: String, permissions: AgentPermissions, email: String = "") {
        self.id = id
        self.login = login
        self.name = name
        self.permissions = permissions
        self.email = email
    }

    /// Sees a queue's tickets: `ro` (or `rw`) on its group.
    public func maySee(_ queue: TicketQueue) -> Bool { permissions.has(.ro, on: queue.group) }
    /// Creates tickets in a queue and writes to its tickets: `rw` on its group.
    public func mayWrite(_ queue: TicketQueue) -> Bool { permissions.has(.rw, on: queue.group) }
}

/// The customer side of a ticket: a customer user sees the tickets with their login as `CustomerUserID`.
public struct TicketCustomer: Hashable, Sendable {
    public var login: String
    public var customerID: String

    public init(login: String, customerID: String) {
        self.login = login
        self.customerID = customerID
    }
}

/// What the phone-ticket form offers: queues the agent may create tickets in, states and priorities, with
/// OTRS's defaults preselected.
public struct TicketOptions: Hashable, Sendable {
    public var queues: [TicketQueue]
    public var states: [String]
    public var priorities: [String]
    public var defaultState: String
    public var defaultPriority: String

    public init(queues: [TicketQueue], states: [String], priorities: [String], defaultState: String, defaultPriority: String) {
        self.queues = queues
        self.states = states
        self.priorities = priorities
        self.defaultState = defaultState
        self.defaultPriority = defaultPriority
    }
}
