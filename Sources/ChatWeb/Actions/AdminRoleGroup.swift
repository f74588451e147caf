import ChatEngine
import Hummingbird

/// `index.pl?Action=AdminRoleGroup` (admins): OTRS's roles × groups matrix (the same keys as AdminUserGroup),
/// from a role's side (`Role`) or a group's (`Group`). An agent holds what their valid roles hold.
enum AdminRoleGroup: ChatAction {
    static let name = "AdminRoleGroup"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { screen.pageSubactions }
    static var isChatAction: Bool { false }

    typealias Side = MatrixScreen.Side
    static let screen = MatrixScreen(action: name, title: "Roles ↔ groups", columns: Side.keyColumns, sides: [
        Side(subaction: "Role", heading: "Roles", things: { Side.entries(try await $0.roles()) },
            lines: { Side.lines(try await $0.matrix(of: $1, .roles)) },
            save: { admin, role, cells in
                try await admin.setMatrix(.roles, cells.map { (role, $0.line, Side.keys($0.ticked)) })
            }),
        Side(subaction: "Group", heading: "Groups", things: { Side.entries(try await $0.groups()) },
            lines: { Side.lines(try await $0.matrix(onGroup: $1, .roles)) },
            save: { admin, group, cells in
                try await admin.setMatrix(.roles, cells.map { ($0.line, group, Side.keys($0.ticked)) })
            }),
    ])

    static func page(_ request: ActionRequest) async throws -> Response {
        try await screen.page(request)
    }
}
