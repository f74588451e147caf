import ChatJSON

/// What TicketCreate and TicketUpdate answer: the ticket and the article written.
public struct GITicketWrite: Hashable, Sendable {
    public var ticketID: Int64
    public var ticketNumber: String
    /// The article written (nil for a TicketUpdate without an article).
    public var articleID: Int64?

    public init(ticketID: Int64, ticketNumber: String, articleID: Int64?) {
        self.ticketID = ticketID
        self.ticketNumber = ticketNumber
        self.articleID = articleID
    }

    /// `{"ArticleID": "2" or 3, "TicketID": "2", "TicketNumber": "2026120110000015"}`.
    init(answer: JSON, operation: GIOperation) throws(GenericInterfaceError) {
        guard let ticketID = answer["TicketID"]?.giID else {
            throw .badAnswer(operation: operation.rawValue, reason: "no TicketID")
        }
        guard let number = answer["TicketNumber"]?.giText, !number.isEmpty else {
            throw .badAnswer(operation: operation.rawValue, reason: "no TicketNumber")
        }
        let articleID: Int64?
        switch answer["ArticleID"] {
        case nil, .null?: articleID = nil
        case let value?:
            guard let id = value.giID else { throw .badAnswer(operation: operation.rawValue, reason: "ArticleID is not an ID") }
            articleID = id
        }
        self.init(ticketID: ticketID, ticketNumber: number, articleID: articleID)
    }
}
