import ChatJSON
import Foundation

/// TicketGet answers built on the captured ones: the captured ticket, article and attachment objects with the
/// model's values put in, each value in the JSON kind Znuny used for that field (TicketID a number,
/// SenderTypeID a string, FileID a string, …). A field the capture does not have cannot be added.
enum StandInTemplates {
    static let phoneTicket = Captures.named("TicketGet AllArticles=1 Attachments=1 (phone ticket, 2 articles)").answer!["Ticket"]!.giList![0]
    static let pdfTicket = Captures.named("TicketGet AllArticles=1 Attachments=1 (ticket with PDF)").answer!["Ticket"]!.giList![0]
    static let phoneArticle = phoneTicket["Article"]!.giList![0]
    static let internalArticle = phoneTicket["Article"]!.giList![1]
    static let attachment = pdfTicket["Article"]!.giList![0]["Attachment"]!.giList![0]

    /// `template` with `values` in its fields, each in the template's kind; `drop` removes fields.
    static func fill(_ template: JSON, _ values: [String: JSON], drop: Set<String> = []) -> JSON {
        guard case .object(let pairs) = template else { fatalError("a template is an object") }
        let unknown = Set(values.keys).subtracting(pairs.map(\.0))
        precondition(unknown.isEmpty, "fields the captured answer does not have: \(unknown.sorted())")
        return .object(pairs.compactMap { key, old in
            if drop.contains(key) { return nil }
            guard let new = values[key] else { return (key, old) }
            switch old {
            case .int: return (key, new.intValue.map { .int($0) } ?? new.stringValue.flatMap { Int64($0) }.map { .int($0) } ?? new)
            case .string: return (key, new.stringValue.map { .string($0) } ?? new)
            default: return (key, new)
            }
        })
    }

    static let channelIDs = ["Email": 1, "Phone": 2, "Internal": 3]
    static let senderTypeIDs = ["agent": "1", "system": "2", "customer": "3"]

    static func ticket(_ ticket: ZnunyModel.Ticket, model: ZnunyModel, articles: Bool, attachments: Bool) -> JSON {
        let queueID = model.queues.first { $0.name == ticket.queue }?.id ?? 0
        var values: [String: JSON] = ["TicketID": .int(ticket.id), "TicketNumber": .string(ticket.number), "Title": .string(ticket.title),
            "Queue": .string(ticket.queue), "QueueID": .int(queueID), "State": .string(ticket.state),
            "StateType": .string(StandInAnswers.states[ticket.state] ?? ticket.state), "Priority": .string(ticket.priority),
            "CustomerUserID": .string(ticket.customerUser), "CustomerID": .string(ticket.customerID), "Owner": .string(ticket.owner),
            "Lock": .string(ticket.lock), "Responsible": .string(ticket.responsible)]
        if articles {
            values["Article"] = .array(ticket.articles.enumerated().map { index, article in
                Self.article(article, number: index + 1, ticket: ticket, attachments: attachments)
            })
        }
        return fill(phoneTicket, values, drop: articles ? [] : ["Article"])
    }

    /// Znuny's `YYYY-MM-DD hh:mm:ss` (UTC, its default OTRSTimeZone).
    static func znunyTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    static func article(_ article: ZnunyModel.Article, number: Int, ticket: ZnunyModel.Ticket, attachments: Bool) -> JSON {
        var values: [String: JSON] = ["ArticleID": .int(article.id), "ArticleNumber": .int(Int64(number)), "TicketID": .int(ticket.id),
            "Body": .string(article.body), "Subject": .string(article.subject), "From": .string(article.from),
            "Charset": .string(article.charset), "ContentCharset": .string(article.charset), "ContentType": .string(article.contentType),
            "CommunicationChannelID": .int(Int64(channelIDs[article.channel] ?? 0)), "IsVisibleForCustomer": .int(article.isVisibleForCustomer ? 1 : 0),
            "SenderType": .string(article.senderType), "SenderTypeID": .string(senderTypeIDs[article.senderType] ?? "0"),
            "CreateTime": .string(znunyTime(article.createTime))]
        let template = article.channel == "Phone" ? phoneArticle : internalArticle
        guard attachments, !article.files.isEmpty else { return fill(template, values) }
        values["Attachment"] = .array(article.files.map { file in
            fill(Self.attachment, ["Content": .string(file.content.base64EncodedString()), "ContentType": .string(file.contentType),
                "FileID": .string(String(file.id)), "Filename": .string(file.filename), "FilesizeRaw": .string(String(file.content.count))])
        })
        // the captured article with files has the Attachment field; put it in the same place
        guard case .object(var pairs) = fill(template, values.filter { $0.key != "Attachment" }) else { return template }
        pairs.insert(("Attachment", values["Attachment"]!), at: pairs.firstIndex { $0.0 > "Attachment" } ?? pairs.count)
        return .object(pairs)
    }
}
