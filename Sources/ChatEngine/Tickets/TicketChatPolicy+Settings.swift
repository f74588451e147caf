import ChatCore
import SysConfig

extension TicketChatPolicy {
    /// The rules' view of `Ticket::Agent::StartChatFromTicket###*`, `Ticket::Customer::StartChatFromTicket###*` and
    /// `Ticket::*::StartChatWOTicket`.
    public init(_ settings: ChatEngineSettings.TicketChat) {
        self.init(agentAllowed: settings.agentFromTicketAllowed, agentNeedsWrite: settings.agentFromTicketPermissionLevel == "rw",
            agentNeedsLock: settings.agentFromTicketRequiredLock,
            agentOnlyIfCustomerAvailable: settings.agentFromTicketOnlyIfCustomerAvailable,
            customerAllowed: settings.customerFromTicketAllowed, customerNeedsWrite: settings.customerFromTicketNeedsWritePermission,
            customerOnlyIfAgentsAvailable: settings.customerFromTicketOnlyIfAgentsAvailable,
            agentWithoutTicket: settings.agentStartChatWithoutTicket, customerWithoutTicket: settings.customerStartChatWithoutTicket)
    }
}
