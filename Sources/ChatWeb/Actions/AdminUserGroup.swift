import ChatEngine
import Hummingbird

/// `index.pl?Action=AdminUserGroup` (admins): OTRS's agents × groups matrix with the keys ro, chat_observer,
/// chat_participant, chat_owner and rw (which implies every other), from an agent's side (`User`) or a
/// group's (`Group`).
enum AdminUserGroup: ChatAction {
    static let name = "AdminUserGroup"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { screen.pageSubactions }
    static var isChatAction: Bool { false }

    typealias Side = MatrixScreen.Side
    static let screen = MatrixScreen(action: name, title: "Agents ↔ groups", columns: Side.keyColumns, sides: [
        Side(subaction: "User", heading: "Agents", things: Side.agents,
            lines: { Side.lines(try await $0.matrix(of: $1, .agents)) },
            save: { admin, agent, cells in
                try await admin.setMatrix(.agents, cells.map { (agent, $0.line, Side.keys($0.ticked)) })
            }),
        Side(subaction: "Group", heading: "Groups", things: { Side.entries(try await $0.groups()) },
            lines: { Side.lines(try await $0.matrix(onGroup: $1, .agents)) },
            save: { admin, group, cells in
                try await admin.setMatrix(.agents, cells.map { ($0.line, group, Side.keys($0.ticked)) })
            }),
    ])

    static func page(_ request: ActionRequest) async throws -> Response {
        try await screen.page(request)
    }
}
