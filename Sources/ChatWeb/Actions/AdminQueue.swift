import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AdminQueue` (admins): the queues of ChatEngine's own ticket store, as OTRS's AdminQueue:
/// list, add, change name, group, validity and comment. A queue's group decides who sees (`ro`) and writes
/// (`rw`) its tickets; an invalid queue keeps its tickets and takes no new ones.
enum AdminQueue: ChatAction {
    static let name = "AdminQueue"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { ["", "Add", "AddAction", "Change", "ChangeAction"] }
    static var isChatAction: Bool { false }

    static func page(_ request: ActionRequest) async throws -> Response {
        let admin = request.env.engine.administration
        switch request.subaction {
        case "Add":
            return try await form(request, TicketQueue(id: 0, name: "", group: "users"), isNew: true)
        case "Change":
            guard let id = AdminPage.int(request, "QueueID"), let queue = try await admin.queue(id) else {
                return try await overview(request, error: "No such queue.", status: .notFound)
            }
            return try await form(request, queue, isNew: false)
        case "AddAction", "ChangeAction":
            if let refusal = AdminPage.refusal(request) {
                return try await overview(request, error: refusal.message, status: refusal.status)
            }
            let isNew = request.subaction == "AddAction"
            let typed = TicketQueue(id: AdminPage.int(request, "QueueID") ?? 0,
                name: AdminPage.text(request, "Name", limit: 201), group: AdminPage.text(request, "GroupID", limit: 201),
                isValid: AdminPage.isValid(request), comment: AdminPage.text(request, "Comment", limit: 251))
            do {
                if isNew {
                    let queue = try await admin.addQueue(name: typed.name, group: typed.group, comment: typed.comment,
                        isValid: typed.isValid)
                    return try await overview(request, notice: "Queue \(queue.name) added.")
                }
                guard try await admin.queue(typed.id) != nil else {
                    return try await overview(request, error: "No such queue.", status: .notFound)
                }
                try await admin.updateQueue(typed)
                return try await overview(request, notice: "Queue \(typed.name) updated.")
            } catch {
                return try await form(request, typed, isNew: isNew, error: AdminPage.readable(error),
                    status: AdminPage.status(of: error))
            }
        default:
            return try await overview(request)
        }
    }

    static func overview(_ request: ActionRequest, notice: String? = nil, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let queues: [[String: Any]] = try await request.env.engine.administration.queues().map {
            ["ID": $0.id, "Name": $0.name, "Group": $0.group, "Valid": $0.isValid, "Comment": $0.comment]
        }
        return try await AdminPage.render(request, action: name, template: "admin-queue", title: "Queues", ["Queues": queues],
            notice: notice, error: error, status: status)
    }

    /// The form, with what was typed when it failed; the groups to choose from are the valid ones (and the
    /// queue's own, should it have become invalid).
    static func form(_ request: ActionRequest, _ queue: TicketQueue, isNew: Bool, error: String? = nil,
        status: HTTPResponse.Status = .ok) async throws -> Response
    {
        var names = try await request.env.engine.administration.groupNames()
        if !queue.group.isEmpty && !names.contains(queue.group) { names.append(queue.group) }
        let groups: [[String: Any]] = names.map { ["Name": $0, "Selected": $0 == queue.group] }
        let values: [String: Any] = [
            "IsNew": isNew, "Subaction": isNew ? "AddAction" : "ChangeAction", "Groups": groups,
            "Queue": ["ID": queue.id, "Name": queue.name, "Comment": queue.comment, "Valid": queue.isValid, "IsNew": isNew]
                as [String: Any],
        ]
        return try await AdminPage.render(request, action: name, template: "admin-queue-edit",
            title: isNew ? "Add queue" : "Edit queue \(queue.name)", values, error: error, status: status)
    }
}
