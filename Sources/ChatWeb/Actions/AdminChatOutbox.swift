import ChatEngine
import Foundation
import Hummingbird

/// `index.pl?Action=AdminChatOutbox` (admins): the durable outbox (ticket articles, mail): how many items
/// are pending and failed, the items (optionally of one state) with their attempts, next attempt and last
/// error, and a Retry for failed or pending ones (POST with the challenge token).
enum AdminChatOutbox: ChatAction {
    static let name = "AdminChatOutbox"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { ["", "Retry"] }
    static var isChatAction: Bool { false }
    /// The newest items shown.
    static let listLimit = 500

    static func page(_ request: ActionRequest) async throws -> Response {
        guard request.subaction == "Retry" else { return try await list(request) }
        if let refusal = AdminPage.refusal(request) {
            return try await list(request, error: refusal.message, status: refusal.status)
        }
        guard let id = AdminPage.int(request, "OutboxItemID") else { return try await list(request, error: "No outbox item chosen.") }
        do {
            try await request.env.engine.outbox.retry(id: id)
            return try await list(request, notice: "Outbox item \(id) will be attempted again now.")
        } catch {
            return try await list(request, error: AdminPage.readable(error), status: AdminPage.status(of: error))
        }
    }

    static func list(_ request: ActionRequest, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let outbox = request.env.engine.outbox
        let filter = (request.params["State"]).flatMap(OutboxEntry.State.init(rawValue:))
        let counts = try await outbox.counts()
        let items: [[String: Any]] = try await outbox.items(state: filter, limit: listLimit).map { item in
            var row: [String: Any] = [
                "ID": item.id, "Kind": item.kind, "Key": item.idempotencyKey, "State": item.state.rawValue,
                "Attempts": item.attempts, "Created": time(item.createdAt),
                "Retryable": item.state != .done,
            ]
            if item.state == .pending { row["NextAttempt"] = time(item.nextAttemptAt) }
            if let claimed = item.claimedUntil, item.state == .pending { row["ClaimedUntil"] = time(claimed) }
            if let by = item.claimedBy { row["ClaimedBy"] = by }
            if let done = item.doneAt { row["Done"] = time(done) }
            if let error = item.lastError { row["LastError"] = error }
            return row
        }
        let states: [[String: Any]] = [["Value": "", "Label": "all", "Selected": filter == nil]]
            + OutboxEntry.State.allCases.map { ["Value": $0.rawValue, "Label": $0.rawValue, "Selected": filter == $0] }
        var values: [String: Any] = [
            "Items": items, "States": states, "PendingCount": counts[.pending] ?? 0, "FailedCount": counts[.failed] ?? 0,
            "DoneCount": counts[.done] ?? 0, "Limit": listLimit,
        ]
        if items.isEmpty { values["Empty"] = true }
        if let filter { values["Filter"] = filter.rawValue }
        return try await AdminPage.render(request, action: name, template: "admin-chat-outbox", title: "Chat outbox", values,
            notice: notice, error: error, status: status)
    }

    /// `2026-12-02 14:05:09 UTC`: the outbox is the servers' business, so their time.
    static func time(_ date: Date) -> String {
        let iso = ChatPresenter.iso(date)  // 2026-12-02T14:05:09.123Z
        return iso.prefix(10) + " " + iso.dropFirst(11).prefix(8) + " UTC"
    }
}
