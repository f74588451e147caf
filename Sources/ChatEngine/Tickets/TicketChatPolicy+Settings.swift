import ChatCore
import SysConfig

extension TicketChatPolicy {
    /// The rules' view of `Ticket::Agent::StartChatFromTicket###*` and `Ticket::Customer::StartChatFromTicket###*`.
    public init(_ settings: ChatEngineSettings.TicketChat) {
        self.init(agentAllowed: settings.agentFromTicketAllowed, agentNeedsWrite: settings.agentFromTicketPermissionLevel == "rw",
            agentNeedsLock: settings.agentFromTicketRequiredLock,
            agentOnlyIfCustomerAvailable: settings.agentFromTicketOnlyIfCustomerAvailable,
            customerAllowed: settings.customerFromTicketAllowed, customerNeedsWrite: settings.customerFromTicketNeedsWritePermission,
            customerOnlyIfAgentsAvailable: settings.customerFromTicketOnlyIfAgentsAvailable)
    }
}
