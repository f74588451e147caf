import Foundation

/// Transcripts by e-mail (`ce_chat_mail_address`, `ce_mail_request`): a visitor's address for its chat, and the
/// requests to mail a chat, each counted against the limits and queued in the outbox in one transaction, so
/// the limits hold across nodes and a request is never counted without its mail queued (or the other way round).
public protocol MailRepository: Sendable {
    /// Stores a visitor's address for `chat`, once: true when stored now or already the same; false when the
    /// chat has another address already (it is never changed, so one chat mails one address).
    func setChatMailAddress(chat: Int64, address: String, now: Date) async throws -> Bool
    func chatMailAddress(chat: Int64) async throws -> String?
    /// Counts the request and queues `item` unless a limit is reached. A `requestKey` seen before changes
    /// nothing and answers the item it queued.
    func requestMail(_ request: NewMailRequest, item: NewOutboxItem, limits: MailRequestLimits, now: Date) async throws
        -> MailRequestOutcome
}

public struct NewMailRequest: Sendable, Equatable {
    /// Unique per request (a resend carries the same one).
    public var requestKey: String
    public var chat: Int64
    /// The address the mail goes to (the limit per chat is per recipient).
    public var recipient: String
    /// The asker's IP address (visitors), counted per hour; nil: not counted per address.
    public var clientAddress: String?

    public init(requestKey: String, chat: Int64, recipient: String, clientAddress: String?) {
        self.requestKey = requestKey
        self.chat = chat
        self.recipient = recipient
        self.clientAddress = clientAddress
    }
}

public struct MailRequestLimits: Sendable, Equatable {
    /// Requests per chat and recipient, ever.
    public var perChat: Int
    /// Requests per client address within the hour before `now` (only counted when the request has one).
    public var perHourPerAddress: Int

    public init(perChat: Int, perHourPerAddress: Int) {
        self.perChat = perChat
        self.perHourPerAddress = perHourPerAddress
    }
}

public enum MailRequestOutcome: Sendable, Equatable {
    /// Queued now (`isNew`), or earlier by the same request.
    case queued(OutboxItem, isNew: Bool)
    case chatLimitReached
    case addressLimitReached
}
