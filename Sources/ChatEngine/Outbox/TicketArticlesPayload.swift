import ChatCore
import ChatJSON
import ChatStore
import Foundation

/// What a `ticket-articles` item stores: articles to add to a ticket as an agent. An explicit, versioned
/// JSON format written and read field by field (never Swift's synthesized `Codable`), so an item queued by
/// one ChatEngine version is performed by the next. Times are milliseconds since 1970.
///
/// Version 1: `{"v":1, "ticket":12, "agent":3, "articles":[{"sender_type":"agent"|"system"|"customer",
/// "channel":"Email"|"Phone"|"Internal", "visible_for_customer":true, "subject":"…", "body":"…",
/// "chat":7|null, "attachments":[{"filename":"…", "content_type":"…", "content_base64":"…"}],
/// "transcript":{…TranscriptPayload version 1…}|null}]}`
public struct TicketArticlesPayload: Equatable, Sendable {
    public static let version = 1

    public var ticket: TicketID
    public var agent: AgentID
    public var articles: [NewArticle]

    public init(ticket: TicketID, agent: AgentID, articles: [NewArticle]) {
        self.ticket = ticket
        self.agent = agent
        self.articles = articles
    }

    public func encode() -> String {
        let articles: [JSON] = articles.map { article in
            let attachments: [JSON] = article.attachments.map { file in
                .object([("filename", .string(file.filename)), ("content_type", .string(file.contentType)),
                         ("content_base64", .string(Data(file.content).base64EncodedString()))])
            }
            // the transcript in its own stored format, nested as it is
            let transcript = article.transcript.flatMap { try? JSON.read(TranscriptPayload.encode($0)) } ?? .null
            return .object([
                ("sender_type", .string(TicketColumns.name(article.senderType))), ("channel", .string(TicketColumns.name(article.channel))),
                ("visible_for_customer", .bool(article.isVisibleForCustomer)), ("subject", .string(article.subject)),
                ("body", .string(article.body)), ("chat", article.chat.map { .int($0.rawValue) } ?? .null),
                ("attachments", .array(attachments)), ("transcript", transcript),
            ])
        }
        var out: [UInt8] = []
        JSON.object([("v", .int(Int64(Self.version))), ("ticket", .int(ticket.rawValue)), ("agent", .int(agent.rawValue)),
                     ("articles", .array(articles))]).write(to: &out, escaping: [])
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads any version this ChatEngine knows; anything else is a permanent error (no retry mends it).
    public static func decode(_ payload: String) throws(OutboxPermanentError) -> TicketArticlesPayload {
        let json = try OutboxPayloadJSON.read(payload, versions: 1...version, bad: bad)
        let fields = Fields(json)
        var articles: [NewArticle] = []
        for item in try fields.array("articles") {
            let article = Fields(item)
            guard let sender = try? TicketColumns.senderType(try article.string("sender_type")) else { throw bad("unknown sender type") }
            guard let channel = try? TicketColumns.channel(try article.string("channel")) else {
                throw bad("unknown communication channel")
            }
            var attachments: [TicketAttachment] = []
            for file in try article.array("attachments") {
                let fields = Fields(file)
                guard let content = Data(base64Encoded: try fields.string("content_base64")) else { throw bad("an attachment is not base64") }
                attachments.append(TicketAttachment(filename: try fields.string("filename"),
                    contentType: try fields.string("content_type"), content: [UInt8](content)))
            }
            var transcript: Transcript?
            if let nested = item["transcript"], nested != .null {
                var out: [UInt8] = []
                nested.write(to: &out, escaping: [])
                do {
                    transcript = try TranscriptPayload.decode(String(decoding: out, as: UTF8.self))
                } catch {
                    throw bad("\(error)")
                }
            }
            articles.append(NewArticle(senderType: sender, channel: channel,
                isVisibleForCustomer: try article.bool("visible_for_customer"), subject: try article.string("subject"),
                body: try article.string("body"), attachments: attachments, chat: try article.optionalInt("chat").map(ChatID.init),
                transcript: transcript))
        }
        return TicketArticlesPayload(ticket: TicketID(try fields.int("ticket")), agent: AgentID(try fields.int("agent")),
            articles: articles)
    }

    static func bad(_ why: String) -> OutboxPermanentError {
        OutboxPermanentError("ticket-articles payload: \(why)")
    }

    /// A payload object's fields, each read with a clear error when missing or of the wrong kind.
    private struct Fields {
        let json: JSON

        init(_ json: JSON) { self.json = json }

        func value(_ key: String) throws(OutboxPermanentError) -> JSON {
            guard let value = json[key] else { throw bad("'\(key)' is missing") }
            return value
        }

        func string(_ key: String) throws(OutboxPermanentError) -> String {
            guard case .string(let text) = try value(key) else { throw bad("'\(key)' is not a string") }
            return text
        }

        func int(_ key: String) throws(OutboxPermanentError) -> Int64 {
            guard let number = try value(key).intValue else { throw bad("'\(key)' is not an integer") }
            return number
        }

        func optionalInt(_ key: String) throws(OutboxPermanentError) -> Int64? {
            guard let value = json[key], value != .null else { return nil }
            guard let number = value.intValue else { throw bad("'\(key)' is not an integer") }
            return number
        }

        func bool(_ key: String) throws(OutboxPermanentError) -> Bool {
            guard case .bool(let flag) = try value(key) else { throw bad("'\(key)' is not true or false") }
            return flag
        }

        func array(_ key: String) throws(OutboxPermanentError) -> [JSON] {
            guard case .array(let items) = try value(key) else { throw bad("'\(key)' is not a list") }
            return items
        }
    }
}
