import ChatCore

/// Limits on what a ticket write may carry: OTRS's column sizes where it has them (title 255, customer
/// user 250, customer ID 150, subject 3800), and bounds on bodies and files so one write cannot fill the disk.
enum TicketLimits {
    static let title = 255
    static let customerUser = 250
    static let customerID = 150
    static let name = 200
    static let key = 200
    static let articles = 20
    static let subject = 3800
    static let bodyBytes = 8 << 20
    static let files = 50
    static let fileBytes = 20 << 20
    static let fileName = 250

    static func key(_ key: String) throws -> String {
        guard !key.isEmpty, key.count <= Self.key else {
            throw EngineError.refused("an idempotency key of 1 to \(Self.key) characters is needed")
        }
        return key
    }

    /// The ticket with its title trimmed, refused when a field is empty or too long.
    static func checked(_ ticket: NewTicket) throws -> NewTicket {
        var ticket = ticket
        ticket.title = ticket.title.trimmingCharacters(in: .whitespacesAndNewlines)
        ticket.customerUser = ticket.customerUser.trimmingCharacters(in: .whitespaces)
        ticket.customerID = ticket.customerID.trimmingCharacters(in: .whitespaces)
        guard !ticket.title.isEmpty else { throw EngineError.refused("a ticket needs a title") }
        try limit(ticket.title, title, "the title")
        try limit(ticket.customerUser, customerUser, "the customer user")
        try limit(ticket.customerID, customerID, "the customer ID")
        for (value, what) in [(ticket.queue, "the queue"), (ticket.state, "the state"), (ticket.priority, "the priority")] {
            guard !value.isEmpty else { throw EngineError.refused("a ticket needs \(what)") }
            try limit(value, name, what)
        }
        return ticket
    }

    static func check(_ list: [NewArticle]) throws {
        guard !list.isEmpty else { throw EngineError.refused("at least one article is needed") }
        guard list.count <= articles else { throw EngineError.refused("at most \(articles) articles at once") }
        for article in list {
            try limit(article.subject, subject, "an article's subject")
            guard article.body.utf8.count <= bodyBytes else {
                throw EngineError.refused("an article's body is longer than \(bodyBytes >> 20) MB")
            }
            guard article.attachments.count <= files else { throw EngineError.refused("at most \(files) files per article") }
            for file in article.attachments {
                guard !file.filename.isEmpty else { throw EngineError.refused("an attachment needs a file name") }
                try limit(file.filename, fileName, "an attachment's file name")
                try limit(file.contentType, fileName, "an attachment's content type")
                guard file.content.count <= fileBytes else {
                    throw EngineError.refused("the file \(file.filename) is larger than \(fileBytes >> 20) MB")
                }
            }
        }
    }

    private static func limit(_ value: String, _ maximum: Int, _ what: String) throws {
        guard value.count <= maximum else { throw EngineError.refused("\(what) is longer than \(maximum) characters") }
    }
}
