import ChatCore
import ChatEngine
import Foundation

/// Tickets, articles and chat transcripts as the ticket screens' templates take them: one place for the agent
/// interface (AgentTicketSearch, AgentTicketZoom) and the customer interface (CustomerTicketOverview,
/// CustomerTicketZoom). Times are written in one time zone: the agent's preference, else UTC.
struct TicketPresenter {
    let interface: Interface
    let calendar: Calendar
    /// The zone as the page names it (Foundation may call UTC "GMT").
    let zoneName: String

    init(interface: Interface, timeZone name: String?) {
        self.interface = interface
        var calendar = Calendar(identifier: .gregorian)
        if let name, let zone = TimeZone(identifier: name) {
            calendar.timeZone = zone
            zoneName = name
        } else {
            calendar.timeZone = TimeZone(secondsFromGMT: 0)!
            zoneName = "UTC"
        }
        self.calendar = calendar
    }

    /// The agent's presenter: their time zone from their preferences (the chat page's `TimeZone`).
    static func agent(_ request: ActionRequest) async throws -> TicketPresenter {
        let preferences = try await request.service.preferences(of: request.agent())
        return TicketPresenter(interface: .agent, timeZone: preferences.timeZone)
    }

    /// Customer users choose no time zone: UTC, said on the page.
    static let customer = TicketPresenter(interface: .customer, timeZone: nil)

    var zoomAction: String { interface == .agent ? "AgentTicketZoom" : "CustomerTicketZoom" }

    /// What every ticket page gets besides its own values.
    var pageValues: [String: Any] { ["TimeZone": zoneName, "ZoomAction": zoomAction, "IsAgent": interface == .agent] }

    /// A zoom page's values: the ticket and its articles (the agent's and the customer's zoom alike).
    func zoomValues(_ ticket: Ticket, _ articles: [TicketArticle]) -> [String: Any] {
        var values = pageValues
        values["Ticket"] = row(ticket)
        values["Articles"] = self.articles(articles)
        values["HasArticles"] = !articles.isEmpty
        return values
    }

    // MARK: - tickets

    /// A line of a ticket list (search results, the customer's overview).
    func row(_ ticket: Ticket) -> [String: Any] {
        [
            "TicketID": ticket.ref.id.rawValue, "TicketNumber": ticket.ref.number, "Title": ticket.title,
            "Queue": ticket.queue, "State": ticket.state, "StateType": ticket.stateType, "Priority": ticket.priority,
            "CustomerUserID": ticket.customerUser, "CustomerID": ticket.customerID, "Owner": ticket.owner,
            "OwnerName": ticket.ownerName.isEmpty ? ticket.owner : ticket.ownerName, "IsLocked": ticket.isLocked,
            "Lock": ticket.isLocked ? "locked" : "unlocked", "Created": time(ticket.createdAt),
            "CreatedISO": ChatPresenter.iso(ticket.createdAt), "Changed": time(ticket.changedAt),
            "ChangedISO": ChatPresenter.iso(ticket.changedAt), "HasCustomerID": !ticket.customerID.isEmpty,
        ]
    }

    // MARK: - articles

    /// The articles oldest first (the backend's order; kept stable by creation time and ID), numbered as the
    /// zoom shows them.
    func articles(_ articles: [TicketArticle]) -> [[String: Any]] {
        articles.enumerated().sorted { a, b in
            (a.element.createdAt, a.element.id, a.offset) < (b.element.createdAt, b.element.id, b.offset)
        }.enumerated().map { article($0.element.element, number: $0.offset + 1) }
    }

    func article(_ article: TicketArticle, number: Int) -> [String: Any] {
        var values: [String: Any] = [
            "ArticleID": article.id, "Number": number, "SenderType": article.senderType.rawValue,
            "Channel": article.channel.rawValue, "IsVisibleForCustomer": article.isVisibleForCustomer,
            "From": article.from, "Subject": article.subject, "Body": article.body, "Created": time(article.createdAt),
            "CreatedISO": ChatPresenter.iso(article.createdAt),
            "Attachments": article.files.map(file), "HasAttachments": !article.files.isEmpty,
        ]
        if let chat = article.chat { values["ChatID"] = chat.rawValue }
        if let transcript = article.transcript { values["Transcript"] = self.transcript(transcript) }
        return values
    }

    func file(_ file: TicketArticle.File) -> [String: Any] {
        // the name the download will carry
        ["FileID": file.id, "Filename": AttachmentDownload.displayName(file.filename), "ContentType": file.contentType, "Size": Self.size(file.size)]
    }

    // MARK: - a transcript as a chat log

    func transcript(_ transcript: Transcript) -> [String: Any] {
        // a customer-visible article carries the customer's transcript; should one ever carry more, a customer
        // user still never reads an internal message here
        let entries = interface == .customer ? transcript.entries.filter { !$0.isInternal } : transcript.entries
        let startDay = calendar.dateComponents([.year, .month, .day], from: transcript.startedAt)
        var values: [String: Any] = [
            "ChatID": transcript.chat.rawValue, "Audience": transcript.audience.rawValue,
            "IsFullLog": transcript.audience == .agent, "Channel": transcript.channel, "HasChannel": !transcript.channel.isEmpty,
            "Participants": transcript.participants.joined(separator: ", "), "HasParticipants": !transcript.participants.isEmpty,
            "Started": "\(day(transcript.startedAt)) \(clock(transcript.startedAt))", "StartedISO": ChatPresenter.iso(transcript.startedAt),
            "Entries": entries.map { entry in
                let sameDay = calendar.dateComponents([.year, .month, .day], from: entry.at) == startDay
                return [
                    "Time": sameDay ? clock(entry.at) : "\(day(entry.at)) \(clock(entry.at))", "ISO": ChatPresenter.iso(entry.at),
                    "Author": entry.author, "HasAuthor": !entry.author.isEmpty, "Text": entry.text,
                    "IsSystem": entry.kind == .system, "IsInternal": entry.isInternal, "Kind": entry.kind.rawValue,
                ] as [String: Any]
            },
            "HasEntries": !entries.isEmpty, "HasEnded": transcript.endedAt != nil,
        ]
        if let ended = transcript.endedAt {
            let sameDay = calendar.dateComponents([.year, .month, .day], from: ended) == startDay
            values["Ended"] = sameDay ? clock(ended) : time(ended)
            values["EndedISO"] = ChatPresenter.iso(ended)
        }
        return values
    }

    // MARK: - formats

    /// `2026-12-02 14:05` in the presenter's zone.
    func time(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return "\(day(date)) \(Self.pad(parts.hour ?? 0)):\(Self.pad(parts.minute ?? 0))"
    }

    func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(parts.year ?? 0)-\(Self.pad(parts.month ?? 0))-\(Self.pad(parts.day ?? 0))"
    }

    /// `14:05:09`: a chat's messages are seconds apart.
    func clock(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return "\(Self.pad(parts.hour ?? 0)):\(Self.pad(parts.minute ?? 0)):\(Self.pad(parts.second ?? 0))"
    }

    static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `812 bytes`, `12.3 KB`, `4.0 MB`, as OTRS lists attachments.
    static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) bytes" }
        let units = ["KB", "MB", "GB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return "\((value * 10).rounded() / 10) \(units[unit])"
    }
}
