import ChatCore
import ChatEngine
import Hummingbird

/// OTRS's relation screens (AdminUserGroup, AdminRoleGroup, AdminRoleUser): an overview of both sides, and
/// for one thing of either side a table of the other side's things with a checkbox per column. Saving sends
/// the lines shown (`Lines`) and a checkbox `K_<line>_<column>` per ticked cell, so an unticked box removes
/// what it stood for.
struct MatrixScreen: Sendable {
    /// One side: the things listed on the overview, and the matrix of one of them.
    struct Side: Sendable {
        /// The Subaction that shows one thing's matrix (`User`, `Group`, `Role`); saving is `Change` + it.
        let subaction: String
        /// "Agents", "Groups", "Roles": the overview's heading for this side.
        let heading: String
        let things: @Sendable (Administration) async throws -> [(id: Int64, name: String, isValid: Bool)]
        /// The other side's lines for one thing, with the columns ticked.
        let lines: @Sendable (Administration, Int64) async throws -> [(id: Int64, name: String, isValid: Bool, ticked: Set<String>)]
        /// Saves the ticked columns of each line shown.
        let save: @Sendable (Administration, Int64, [(line: Int64, ticked: Set<String>)]) async throws -> Void
    }

    let action: String
    let title: String
    let columns: [String]
    let sides: [Side]

    var pageSubactions: Set<String> { Set([""] + sides.flatMap { [$0.subaction, "Change" + $0.subaction] }) }

    func page(_ request: ActionRequest) async throws -> Response {
        if let elsewhere = AdminPage.peopleElsewhere(request) { return elsewhere }
        let admin = request.env.engine.administration
        let subaction = request.subaction
        guard let side = sides.first(where: { subaction == $0.subaction || subaction == "Change" + $0.subaction }) else {
            return try await overview(request)
        }
        guard let id = AdminPage.int(request, "ID"),
            let thing = try await side.things(admin).first(where: { $0.id == id })
        else { return try await overview(request, error: "Nothing chosen, or it does not exist.", status: .notFound) }
        guard subaction.hasPrefix("Change") else { return try await matrix(request, side, thing) }
        if let refusal = AdminPage.refusal(request) {
            return try await matrix(request, side, thing, error: refusal.message, status: refusal.status)
        }
        let cells = AdminPage.ids(request, "Lines").map { line in
            (line: line, ticked: Set(columns.filter { request.params["K_\(line)_\($0)"] == "1" }))
        }
        do {
            try await side.save(admin, id, cells)
            return try await matrix(request, side, thing, notice: "Saved for \(thing.name).")
        } catch {
            return try await matrix(request, side, thing, error: AdminPage.readable(error), status: AdminPage.status(of: error))
        }
    }

    func overview(_ request: ActionRequest, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let admin = request.env.engine.administration
        var lists: [[String: Any]] = []
        for side in sides {
            let things = try await side.things(admin).map {
                ["ID": $0.id, "Name": $0.name, "Valid": $0.isValid] as [String: Any]
            }
            lists.append(["Heading": side.heading, "Subaction": side.subaction, "Things": things])
        }
        return try await AdminPage.render(request, action: action, template: "admin-matrix-overview", title: title,
            ["Sides": lists, "MatrixAction": action], error: error, status: status)
    }

    func matrix(_ request: ActionRequest, _ side: Side, _ thing: (id: Int64, name: String, isValid: Bool),
        notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response
    {
        let lines = try await side.lines(request.env.engine.administration, thing.id)
        let rows: [[String: Any]] = lines.map { line in
            ["ID": line.id, "Name": line.name, "Valid": line.isValid,
             "Cells": columns.map { ["Column": $0, "Ticked": line.ticked.contains($0), "Line": line.id] as [String: Any] }]
        }
        let values: [String: Any] = [
            "MatrixAction": action, "Subaction": "Change" + side.subaction, "ThingID": thing.id, "ThingName": thing.name,
            "Columns": columns, "Rows": rows, "LineIDs": lines.map { String($0.id) }.joined(separator: ","),
            "Empty": lines.isEmpty,
        ]
        return try await AdminPage.render(request, action: action, template: "admin-matrix",
            title: "\(title): \(thing.name)", values, notice: notice, error: error, status: status)
    }
}

extension MatrixScreen.Side {
    /// The permission keys in the order the matrix shows them.
    static let keyColumns = ["ro", "chat_observer", "chat_participant", "chat_owner", "rw"]

    static func keys(_ ticked: Set<String>) -> Set<GroupPermission> {
        Set(ticked.compactMap(GroupPermission.init(rawValue:)))
    }

    static func lines(_ matrix: [MatrixLine]) -> [(id: Int64, name: String, isValid: Bool, ticked: Set<String>)] {
        matrix.map { ($0.id, $0.name, $0.isValid, Set($0.keys.map(\.rawValue))) }
    }

    static func agents(_ admin: Administration) async throws -> [(id: Int64, name: String, isValid: Bool)] {
        try await admin.agentAccounts().map { ($0.id.rawValue, "\($0.login) (\($0.fullName))", $0.isValid) }
    }

    static func entries(_ entries: [DirectoryEntry]) -> [(id: Int64, name: String, isValid: Bool)] {
        entries.map { ($0.id, $0.name, $0.isValid) }
    }
}
