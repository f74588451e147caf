import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=Admin` (admins): the overview that links every admin screen the agent may open, like
/// OTRS's Admin screen. Beside a ticket system the people screens are left out (people are managed there).
enum Admin: ChatAction {
    static let name = "Admin"
    static let interface = Interface.agent
    static var isChatAction: Bool { false }

    /// The screens in the order the overview shows them, by heading; `people` ones need ChatEngine's own directory.
    static let sections: [(heading: String, people: Bool, actions: [any ChatAction.Type])] = [
        ("Chat", false, [AdminChatChannel.self, AdminChatOutbox.self, AgentChatWidgetIntegration.self]),
        ("Agents", true, [AdminUser.self, AdminGroup.self, AdminRole.self, AdminUserGroup.self, AdminRoleGroup.self,
                          AdminRoleUser.self]),
        ("Customers", true, [AdminCustomerCompany.self, AdminCustomerUser.self]),
        ("Tickets", false, [AdminQueue.self]),
    ]

    static func page(_ request: ActionRequest) async throws -> Response {
        let permissions = try await request.service.agentContext(try request.agent()).permissions
        let people = request.env.engine.chats.people
        let modules = request.env.modules
        let shown: [[String: Any]] = sections.filter { !$0.people || people.managesPeople }.compactMap { section in
            let links: [[String: Any]] = section.actions.filter {
                modules.isRegistered($0.name, in: .agent) && modules.mayOpen($0.name, permissions: permissions)
            }.map {
                ["Action": $0.name, "Title": modules.title($0.name, in: .agent),
                 "Description": modules.description($0.name, in: .agent)]
            }
            return links.isEmpty ? nil : ["Heading": section.heading, "Links": links]
        }
        var values: [String: Any] = ["Sections": shown]
        if !people.managesPeople { values["PeopleElsewhere"] = people.name }
        return try await AdminPage.render(request, action: name, template: "admin", title: "Admin", values)
    }
}
