import ChatEngine
import Hummingbird

/// `index.pl?Action=AdminGroup` (admins): groups: list, add, rename, validity. The group `admin` keeps its
/// name and stays valid (the engine refuses).
enum AdminGroup: ChatAction {
    static let name = "AdminGroup"
    static let interface = Interface.agent
    static var pageSubactions: Set<String> { EntryScreen.pageSubactions }
    static var isChatAction: Bool { false }

    static let screen = EntryScreen(action: name, noun: "group", idName: "GroupID",
        links: [("agents", "AdminUserGroup", "Group"), ("roles", "AdminRoleGroup", "Group")],
        list: { try await $0.groups() }, add: { try await $0.addGroup($1) }, update: { try await $0.updateGroup($1) })

    static func page(_ request: ActionRequest) async throws -> Response {
        try await screen.page(request)
    }
}
