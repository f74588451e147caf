import ChatCore
import ChatJSON

/// The `Article` part of a TicketCreate or TicketUpdate. The GenericInterface takes only the channels Email,
/// Phone and Internal (`Chat` is refused: see the captures), which is what `CommunicationChannel` holds.
public struct GIArticleFields: Hashable, Sendable {
    /// How the body's type is said: `ContentType: text/plain; charset=utf8`, or `MimeType` plus `Charset`.
    public enum BodyType: Hashable, Sendable {
        case contentType
        case mimeTypeAndCharset
    }

    /// Znuny's history entry (`PhoneCallCustomer`, `AddNote`) and its comment.
    public struct History: Hashable, Sendable {
        public var type: String
        public var comment: String
        public init(type: String, comment: String) {
            self.type = type
            self.comment = comment
        }
    }

    public var channel: CommunicationChannel
    public var senderType: ArticleSenderType
    public var isVisibleForCustomer: Bool
    /// The author as shown (`"Name" <e-mail>` or a name); left out when nil (Znuny then writes the service user).
    public var from: String?
    public var subject: String
    public var body: String
    public var bodyType: BodyType
    public var history: History?

    public init(channel: CommunicationChannel, senderType: ArticleSenderType, isVisibleForCustomer: Bool, from: String? = nil,
        subject: String, body: String, bodyType: BodyType = .contentType, history: History? = nil)
    {
        self.channel = channel
        self.senderType = senderType
        self.isVisibleForCustomer = isVisibleForCustomer
        self.from = from
        self.subject = subject
        self.body = body
        self.bodyType = bodyType
        self.history = history
    }

    var json: JSON {
        var pairs: [(String, JSON)] = [("CommunicationChannel", .string(channel.rawValue)),
            ("SenderType", .string(senderType.rawValue)), ("IsVisibleForCustomer", .int(isVisibleForCustomer ? 1 : 0))]
        if let from { pairs.append(("From", .string(from))) }
        pairs += [("Subject", .string(subject)), ("Body", .string(body))]
        switch bodyType {
        case .contentType: pairs.append(("ContentType", "text/plain; charset=utf8"))
        case .mimeTypeAndCharset: pairs += [("MimeType", "text/plain"), ("Charset", "utf-8")]
        }
        if let history { pairs += [("HistoryType", .string(history.type)), ("HistoryComment", .string(history.comment))] }
        return .object(pairs)
    }

    func checked() throws(GenericInterfaceError) {
        guard !subject.isEmpty, subject.count <= 3800 else { throw .refused("Article->Subject must be 1 to 3800 characters") }
        guard !body.isEmpty else { throw .refused("Article->Body is missing") }
        if let from, from.count > 3800 { throw .refused("Article->From must be at most 3800 characters") }
        if let history, history.type.isEmpty || history.type.count > 200 || history.comment.count > 255 {
            throw .refused("Article->HistoryType must be 1 to 200 characters and HistoryComment at most 255")
        }
    }
}
