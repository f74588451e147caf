import ChatJSON
import Foundation

/// One ticket of a TicketGet answer (`{"Ticket":[{…}]}`), with its articles when asked for (`AllArticles=1`)
/// and their attachments' bytes (`Attachments=1`). Znuny writes the same kind of ID as a number in one field
/// and a string in another; both are read.
public struct GITicketDetails: Hashable, Sendable {
    public var ticketID: Int64
    public var ticketNumber: String
    public var title: String
    public var queue: String
    public var state: String
    public var stateType: String
    public var priority: String
    public var customerUserID: String
    public var customerID: String
    public var owner: String
    public var lock: String
    /// `YYYY-MM-DD hh:mm:ss` in the ticket system's time zone (`OTRSTimeZone`, UTC by default).
    public var created: String
    public var changed: String
    public var articles: [GIArticleDetails]

    init(json: JSON) throws(GenericInterfaceError) {
        func text(_ key: String) -> String { json[key]?.giText ?? "" }
        guard let id = json["TicketID"]?.giID else { throw .badAnswer(operation: "TicketGet", reason: "a ticket without TicketID") }
        ticketID = id
        ticketNumber = text("TicketNumber")
        title = text("Title")
        queue = text("Queue")
        state = text("State")
        stateType = text("StateType")
        priority = text("Priority")
        customerUserID = text("CustomerUserID")
        customerID = text("CustomerID")
        owner = text("Owner")
        lock = text("Lock")
        created = text("Created")
        changed = text("Changed")
        var articles: [GIArticleDetails] = []
        for item in json["Article"]?.giArray ?? [] { articles.append(try GIArticleDetails(json: item)) }
        self.articles = articles
    }
}

/// An article as TicketGet shows it. The channel comes as `CommunicationChannelID` only (1 Email, 2 Phone,
/// 3 Internal in a stock Znuny).
public struct GIArticleDetails: Hashable, Sendable {
    public var articleID: Int64
    public var communicationChannelID: Int64
    public var senderType: String
    public var isVisibleForCustomer: Bool
    public var from: String
    public var subject: String
    public var body: String
    public var contentType: String
    public var createTime: String
    public var attachments: [GIAttachmentDetails]

    init(json: JSON) throws(GenericInterfaceError) {
        func text(_ key: String) -> String { json[key]?.giText ?? "" }
        guard let id = json["ArticleID"]?.giID else { throw .badAnswer(operation: "TicketGet", reason: "an article without ArticleID") }
        articleID = id
        communicationChannelID = json["CommunicationChannelID"]?.giID ?? 0
        senderType = text("SenderType")
        isVisibleForCustomer = json["IsVisibleForCustomer"]?.giText == "1"
        from = text("From")
        subject = text("Subject")
        body = text("Body")
        contentType = text("ContentType")
        createTime = text("CreateTime")
        var attachments: [GIAttachmentDetails] = []
        for item in json["Attachment"]?.giArray ?? [] { attachments.append(try GIAttachmentDetails(json: item)) }
        self.attachments = attachments
    }
}

/// An attachment as TicketGet shows it (`FileID` and `FilesizeRaw` as strings); `content` only with `Attachments=1`.
public struct GIAttachmentDetails: Hashable, Sendable {
    public var fileID: Int64
    public var filename: String
    public var contentType: String
    public var size: Int64
    public var content: [UInt8]?

    init(json: JSON) throws(GenericInterfaceError) {
        guard let id = json["FileID"]?.giID else { throw .badAnswer(operation: "TicketGet", reason: "an attachment without FileID") }
        fileID = id
        filename = json["Filename"]?.giText ?? ""
        contentType = json["ContentType"]?.giText ?? ""
        size = json["FilesizeRaw"]?.giID ?? 0
        if let base64 = json["Content"]?.giText {
            guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
                throw .badAnswer(operation: "TicketGet", reason: "attachment \(id) is not base64")
            }
            content = [UInt8](data)
        } else {
            content = nil
        }
    }
}
