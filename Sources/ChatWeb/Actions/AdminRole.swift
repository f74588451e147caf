import ChatEngine
import Hummingbird

/// `index.pl?Action=AdminRole` (admins): roles: list, add, rename, validity. An invalid role grants nothing.
enum AdminRole: ChatAction {
    static let name = "AdminRole"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { EntryScreen.pageSubactions }
    static var isChatAction: Bool { false }

    static let screen = EntryScreen(action: name, noun: "role", idName: "RoleID",
        links: [("groups", "AdminRoleGroup", "Role"), ("agents", "AdminRoleUser", "Role")],
        list: { try await $0.roles() }, add: { try await $0.addRole($1) }, update: { try await $0.updateRole($1) })

    static func page(_ request: ActionRequest) async throws -> Response {
        try await screen.page(request)
    }
}
