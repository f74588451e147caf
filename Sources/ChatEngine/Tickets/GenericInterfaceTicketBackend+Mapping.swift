import ChatCore
import Foundation
import GenericInterface

/// Between ChatEngine's tickets and articles and the GenericInterface's fields.
extension GenericInterfaceTicketBackend {
    /// `chat-42-ticket` → `[Chat#42-ticket]`: the idempotency key is the marker (without its `chat-`).
    static func marker(_ key: String) throws -> ChatMarker {
        let key = try TicketLimits.key(key)
        let reference = key.hasPrefix("chat-") ? String(key.dropFirst(5)) : key
        return try engineErrors { try ChatMarker(reference) }
    }

    /// An article as the GenericInterface takes it. On a utf8mb3 Znuny a text with characters it would replace
    /// goes along whole as a plain-text file, and the body says so.
    /// The author (`From`) is the agent with their address from the directory, so the ticket system shows who
    /// wrote it, not the service user; Znuny refuses a name without an address, so without one `From` is left
    /// out. A customer's article goes without `From` too: TicketCreate then writes the customer user's own
    /// `"Name" <e-mail>` from the ticket system (both captured live).
    func gi(_ article: NewArticle, by agent: TicketAgent, creating: Bool) -> (GIArticleFields, [GIAttachmentFields]) {
        var body = article.body.isEmpty ? "-" : article.body
        var files = article.attachments.map { GIAttachmentFields(filename: $0.filename, contentType: $0.contentType, content: $0.content) }
        if storesOnlyUTF8MB3 && (ZnunyText.losesCharactersOnUTF8MB3(body) || ZnunyText.losesCharactersOnUTF8MB3(article.subject)) {
            let name = article.chat.map { "Chat-\($0.rawValue)-transcript.txt" } ?? "article-text.txt"
            files.append(GIAttachmentFields(filename: name, contentType: "text/plain; charset=utf-8", content: Array(body.utf8)))
            body += "\n\n[The ticket system cannot store some characters of this text (emoji and others beyond U+FFFF): "
                + "the exact text is attached as \(name).]"
        }
        // the history names the agent: Znuny records every entry as the service user's (captured)
        let history = GIArticleFields.History(type: creating && article.channel == .phone ? "PhoneCallCustomer" : "AddNote",
            comment: String("ChatEngine, for agent \(agent.login)".prefix(255)))
        let fields = GIArticleFields(channel: article.channel, senderType: article.senderType,
            isVisibleForCustomer: article.isVisibleForCustomer,
            from: article.senderType == .customer ? nil : GIMailbox.from(name: agent.name, email: agent.email),
            subject: article.subject.isEmpty ? "-" : article.subject, body: body, history: history)
        return (fields, files)
    }

    /// TicketGet as the service user; nil when Znuny says no (its answer for a missing ticket too). Znuny lists
    /// an article's files only with their content (`Attachments=1`).
    func visible(_ id: Int64, articles: Bool = false) async throws -> GITicketDetails? {
        guard id > 0 else { return nil }
        do {
            return try await client.ticket(id, articles: articles, attachments: articles)
        } catch let error as GenericInterfaceError where error.isAccessDenied {
            return nil
        } catch {
            throw Self.engineError(error)
        }
    }

    static func ticket(_ details: GITicketDetails) -> Ticket {
        Ticket(ref: TicketRef(id: TicketID(details.ticketID), number: details.ticketNumber), title: details.title, queue: details.queue,
            state: details.state, stateType: details.stateType, priority: details.priority, customerUser: details.customerUserID,
            customerID: details.customerID, owner: details.owner, ownerName: details.owner, isLocked: details.lock == "lock",
            createdAt: date(details.created), changedAt: date(details.changed))
    }

    static func article(_ details: GIArticleDetails, of ticket: Int64) -> TicketArticle {
        // a stock Znuny's channel IDs (TicketGet gives no name): 1 Email, 2 Phone, 3 Internal
        let channel: CommunicationChannel = switch details.communicationChannelID {
        case 1: .email
        case 2: .phone
        default: .internal
        }
        return TicketArticle(id: details.articleID, ticket: TicketID(ticket),
            senderType: ArticleSenderType(rawValue: details.senderType) ?? .system, channel: channel,
            isVisibleForCustomer: details.isVisibleForCustomer, from: details.from, subject: details.subject, body: details.body,
            files: details.attachments.map { .init(id: $0.fileID, filename: $0.filename, contentType: $0.contentType, size: Int($0.size)) },
            createdAt: date(details.createTime))
    }

    /// `YYYY-MM-DD hh:mm:ss` in the ticket system's time zone (UTC, Znuny's default `OTRSTimeZone`).
    static func date(_ text: String) -> Date {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        guard parts.count == 6 else { return Date(timeIntervalSince1970: 0) }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }

    /// The client's errors in the engine's terms: Znuny's refusals as `.refused` with its message; a ticket
    /// system that cannot be reached (or answered nothing readable) as `.unavailable`, which the outbox retries.
    static func engineErrors<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch { throw engineError(error) }
    }

    static func engineErrors<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw engineError(error) }
    }

    static func engineError(_ error: any Error) -> any Error {
        guard let error = error as? GenericInterfaceError else { return error }
        switch error {
        case .znuny, .refused, .configuration: return EngineError.refused(error.description)
        case .timeout, .unreachable, .http, .badAnswer: return EngineError.unavailable(error.description)
        }
    }
}
