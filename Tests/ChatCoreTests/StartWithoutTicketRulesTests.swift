import ChatCore
import Testing

/// `Ticket::*::StartChatWOTicket` as a pure rule: which kind of user may start a chat that is not about a ticket.
@Suite("StartChatWOTicket rule")
struct StartWithoutTicketRulesTests {
    static func policy(agent: Bool, customer: Bool) -> TicketChatPolicy {
        TicketChatPolicy(agentAllowed: true, agentNeedsWrite: false, agentNeedsLock: false, agentOnlyIfCustomerAvailable: false,
            customerAllowed: true, customerNeedsWrite: false, customerOnlyIfAgentsAvailable: false, agentWithoutTicket: agent,
            customerWithoutTicket: customer)
    }

    @Test("each switch concerns its own kind of user; public users are never concerned; on by default")
    func eachKind() throws {
        let agentOff = Self.policy(agent: false, customer: true)
        #expect(throws: ChatError.notPermitted("chats that are not about a ticket are switched off: start the chat from the ticket")) {
            try TicketChatRules.mayStartWithoutTicket(.agent(AgentID(1)), policy: agentOff)
        }
        try TicketChatRules.mayStartWithoutTicket(.customer(CustomerUserID(1)), policy: agentOff)
        let customerOff = Self.policy(agent: true, customer: false)
        #expect(throws: ChatError.notPermitted("chats that are not about a ticket are switched off: start the chat from one of your tickets")) {
            try TicketChatRules.mayStartWithoutTicket(.customer(CustomerUserID(1)), policy: customerOff)
        }
        try TicketChatRules.mayStartWithoutTicket(.agent(AgentID(1)), policy: customerOff)
        let bothOff = Self.policy(agent: false, customer: false)
        try TicketChatRules.mayStartWithoutTicket(.visitor(VisitorID("v1")), policy: bothOff)
        #expect(!TicketChatRules.offersChatWithoutTicket(to: .agent(AgentID(1)), policy: bothOff))
        #expect(TicketChatRules.offersChatWithoutTicket(to: .visitor(VisitorID("v1")), policy: bothOff))
        let defaults = TicketChatPolicy(agentAllowed: true, agentNeedsWrite: false, agentNeedsLock: false, agentOnlyIfCustomerAvailable: false,
            customerAllowed: true, customerNeedsWrite: false, customerOnlyIfAgentsAvailable: false)
        #expect(defaults.agentWithoutTicket && defaults.customerWithoutTicket)
    }
}
