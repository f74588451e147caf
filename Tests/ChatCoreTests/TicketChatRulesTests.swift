import ChatCore
import Testing

/// `Ticket::*::StartChatFromTicket###*` as rules: each switch refuses with its reason, and the link follows
/// the new chat's first events.
@Suite("Chats from tickets: rules")
struct TicketChatRulesTests {
    static let defaults = TicketChatPolicy(agentAllowed: true, agentNeedsWrite: false, agentNeedsLock: false,
        agentOnlyIfCustomerAvailable: true, customerAllowed: true, customerNeedsWrite: false, customerOnlyIfAgentsAvailable: true)
    static let ready = TicketChatRules.AgentFacts(mayWrite: false, lockedByAgent: false, customerIsKnown: true, customerOnline: true,
        agentAvailability: .external)

    @Test("the agent's chat needs the agent available for external chats, as any chat with a customer user")
    func agentAvailability() throws {
        var facts = Self.ready
        for availability in [ChatAvailability.unavailable, .internal] {
            facts.agentAvailability = availability
            #expect(throws: ChatError.notPermitted(
                "you are \(availability.rawValue) for chats; set yourself available for external chats first"))
            {
                try TicketChatRules.agentMayStart(facts, policy: Self.defaults)
            }
        }
        facts.agentAvailability = .external
        try TicketChatRules.agentMayStart(facts, policy: Self.defaults)
    }

    @Test("the agent's chat: allowed, write permission, lock, a known and online customer user")
    func agent() throws {
        try TicketChatRules.agentMayStart(Self.ready, policy: Self.defaults)
        var policy = Self.defaults
        policy.agentAllowed = false
        #expect(throws: ChatError.notPermitted("chats from tickets are switched off")) {
            try TicketChatRules.agentMayStart(Self.ready, policy: policy)
        }
        policy = Self.defaults
        policy.agentNeedsWrite = true
        #expect(throws: ChatError.notPermitted("you need write permission on this ticket")) {
            try TicketChatRules.agentMayStart(Self.ready, policy: policy)
        }
        var facts = Self.ready
        facts.mayWrite = true
        try TicketChatRules.agentMayStart(facts, policy: policy)
        policy.agentNeedsLock = true
        #expect(throws: ChatError.notPermitted("lock the ticket first")) { try TicketChatRules.agentMayStart(facts, policy: policy) }
        facts.lockedByAgent = true
        try TicketChatRules.agentMayStart(facts, policy: policy)
        facts.customerOnline = false
        #expect(throws: ChatError.invalidTarget("the ticket's customer user is not online")) {
            try TicketChatRules.agentMayStart(facts, policy: policy)
        }
        policy.agentOnlyIfCustomerAvailable = false
        try TicketChatRules.agentMayStart(facts, policy: policy)
        facts.customerIsKnown = false
        #expect(throws: ChatError.invalidTarget("the ticket's customer is not a customer user")) {
            try TicketChatRules.agentMayStart(facts, policy: policy)
        }
    }

    @Test("the customer user's chat: allowed, write permission (their own ticket), agents available")
    func customer() throws {
        let own = TicketChatRules.CustomerFacts(isOwnTicket: true, agentsAvailable: true)
        let companys = TicketChatRules.CustomerFacts(isOwnTicket: false, agentsAvailable: true)
        try TicketChatRules.customerMayStart(companys, policy: Self.defaults)
        var policy = Self.defaults
        policy.customerNeedsWrite = true
        try TicketChatRules.customerMayStart(own, policy: policy)
        #expect(throws: ChatError.notPermitted("you may only read this ticket")) {
            try TicketChatRules.customerMayStart(companys, policy: policy)
        }
        let unstaffed = TicketChatRules.CustomerFacts(isOwnTicket: true, agentsAvailable: false)
        #expect(throws: ChatError.notPermitted("no agent is available right now")) {
            try TicketChatRules.customerMayStart(unstaffed, policy: policy)
        }
        policy.customerOnlyIfAgentsAvailable = false
        try TicketChatRules.customerMayStart(unstaffed, policy: policy)
        policy.customerAllowed = false
        #expect(throws: ChatError.notPermitted("chats about tickets are switched off")) {
            try TicketChatRules.customerMayStart(own, policy: policy)
        }
    }

    @Test("the link follows the creation and the first message")
    func linked() {
        let ticket = TicketRef(id: TicketID(7), number: "2026120210000071")
        let kinds: [ChatEventKind] = [.created(channel: ChannelID(1), target: .channel), .message(text: "Hallo", visibility: .everyone)]
        #expect(TicketChatRules.linked(kinds, to: ticket)
            == kinds + [.ticketLinked(ticket: ticket.id, number: ticket.number, how: .fromTicket)])
    }
}
