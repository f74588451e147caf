/// Every Action ChatEngine serves, by interface; the configuration's module registrations decide which
/// are reachable.
enum ChatActions {
    static let all: [any ChatAction.Type] = [
        AgentChat.self, AgentChatPreview.self, AgentChatAvailability.self, AgentChatPopup.self, AgentChatDownload.self,
        AdminChatChannel.self,
        AdminChatOutbox.self,
        AgentChatWidgetIntegration.self,
        Admin.self, AdminUser.self, AdminGroup.self, AdminRole.self, AdminUserGroup.self, AdminRoleGroup.self, AdminRoleUser.self,
        AdminCustomerCompany.self, AdminCustomerUser.self, AgentPreferences.self, AgentTicketSearch.self, AgentTicketZoom.self,
        AdminQueue.self,
        CustomerChat.self, CustomerChatDownload.self, CustomerPreferences.self, CustomerTicketOverview.self, CustomerTicketZoom.self,
        PublicChat.self,
        CustomerChatMail.self, PublicChatMail.self,
    ]

    static func named(_ name: String, in interface: Interface) -> (any ChatAction.Type)? {
        all.first { $0.name == name && $0.interface == interface }
    }
}
