import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AdminRoleUser` (admins): which agents have which roles, from an agent's side (`User`)
/// or a role's (`Role`).
enum AdminRoleUser: ChatAction {
    static let name = "AdminRoleUser"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { screen.pageSubactions }
    static var isChatAction: Bool { false }

    typealias Side = MatrixScreen.Side
    static let column = "member"

    static func lines(_ lines: [MembershipLine]) -> [(id: Int64, name: String, isValid: Bool, ticked: Set<String>)] {
        lines.map { ($0.id, $0.name, $0.isValid, $0.isMember ? [column] : []) }
    }

    static let screen = MatrixScreen(action: name, title: "Agents ↔ roles", columns: [column], sides: [
        Side(subaction: "User", heading: "Agents", things: Side.agents,
            lines: { lines(try await $0.roles(of: AgentID($1))) },
            save: { admin, agent, cells in
                try await admin.setMemberships(cells.map { (AgentID(agent), $0.line, $0.ticked.contains(column)) })
            }),
        Side(subaction: "Role", heading: "Roles", things: { Side.entries(try await $0.roles()) },
            lines: { lines(try await $0.agents(inRole: $1)) },
            save: { admin, role, cells in
                try await admin.setMemberships(cells.map { (AgentID($0.line), role, $0.ticked.contains(column)) })
            }),
    ])

    static func page(_ request: ActionRequest) async throws -> Response {
        try await screen.page(request)
    }
}
