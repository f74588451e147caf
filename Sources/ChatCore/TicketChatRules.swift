/// Chats that start from a ticket (OTRS's `Ticket::Agent::StartChatFromTicket###*` and
/// `Ticket::Customer::StartChatFromTicket###*`): whether one may start, decided on facts the engine gathered
/// about the ticket and the people, and how the new chat is linked to the ticket from its first event.
public struct TicketChatPolicy: Sendable, Equatable {
    public var agentAllowed: Bool
    /// `PermissionLevel` rw: the agent must be able to write to the ticket, not only read it.
    public var agentNeedsWrite: Bool
    /// `RequiredLock`: the ticket must be locked, by this agent.
    public var agentNeedsLock: Bool
    /// `AllowChatOnlyIfCustomerAvailable`: the ticket's customer user must be online.
    public var agentOnlyIfCustomerAvailable: Bool
    public var customerAllowed: Bool
    /// `Permissions`: the customer user must have write permission (their own ticket, not only their company's).
    public var customerNeedsWrite: Bool
    /// `AllowChatOnlyIfAgentsAvailable`: some agent must be available in the channel.
    public var customerOnlyIfAgentsAvailable: Bool
    /// `Ticket::Agent::StartChatWOTicket`: agents may start chats that are not linked to a ticket.
    public var agentWithoutTicket: Bool
    /// `Ticket::Customer::StartChatWOTicket`: customer users may start chats that are not linked to a ticket.
    public var customerWithoutTicket: Bool

    public init(agentAllowed: Bool, agentNeedsWrite: Bool, agentNeedsLock: Bool, agentOnlyIfCustomerAvailable: Bool,
        customerAllowed: Bool, customerNeedsWrite: Bool, customerOnlyIfAgentsAvailable: Bool, agentWithoutTicket: Bool = true,
        customerWithoutTicket: Bool = true)
    {
        self.agentAllowed = agentAllowed
        self.agentNeedsWrite = agentNeedsWrite
        self.agentNeedsLock = agentNeedsLock
        self.agentOnlyIfCustomerAvailable = agentOnlyIfCustomerAvailable
        self.customerAllowed = customerAllowed
        self.customerNeedsWrite = customerNeedsWrite
        self.customerOnlyIfAgentsAvailable = customerOnlyIfAgentsAvailable
        self.agentWithoutTicket = agentWithoutTicket
        self.customerWithoutTicket = customerWithoutTicket
    }
}

public enum TicketChatRules {
    /// What an agent's chat from a ticket depends on.
    public struct AgentFacts: Sendable, Equatable {
        public var mayWrite: Bool
        /// The ticket is locked and the agent is its owner.
        public var lockedByAgent: Bool
        /// The ticket's customer user is a valid customer user of the directory (not free text).
        public var customerIsKnown: Bool
        public var customerOnline: Bool
        /// The agent's own chat switch.
        public var agentAvailability: ChatAvailability

        public init(mayWrite: Bool, lockedByAgent: Bool, customerIsKnown: Bool, customerOnline: Bool,
            agentAvailability: ChatAvailability)
        {
            self.mayWrite = mayWrite
            self.lockedByAgent = lockedByAgent
            self.customerIsKnown = customerIsKnown
            self.customerOnline = customerOnline
            self.agentAvailability = agentAvailability
        }
    }

    /// Whether the agent (who may read the ticket) may chat with its customer user from it.
    ///
    /// The agent must be available for external chats, as for any chat with a customer user (OTRS: "to be
    /// available for any chats, you'll need to use the chat toolbar switch", and chats with customers need
    /// "available for internal and external"): the zoom offers the chat then, and otherwise says why instead
    /// of a form whose request the chat rules would refuse.
    public static func agentMayStart(_ facts: AgentFacts, policy: TicketChatPolicy) throws(ChatError) {
        guard policy.agentAllowed else { throw .notPermitted("chats from tickets are switched off") }
        guard !policy.agentNeedsWrite || facts.mayWrite else { throw .notPermitted("you need write permission on this ticket") }
        guard !policy.agentNeedsLock || facts.lockedByAgent else { throw .notPermitted("lock the ticket first") }
        guard facts.customerIsKnown else { throw .invalidTarget("the ticket's customer is not a customer user") }
        guard !policy.agentOnlyIfCustomerAvailable || facts.customerOnline else {
            throw .invalidTarget("the ticket's customer user is not online")
        }
        // last: the ticket's reasons first, the one the agent fixes with a click at the end
        guard facts.agentAvailability >= .external else {
            throw .notPermitted("you are \(facts.agentAvailability.rawValue) for chats; set yourself available for external chats first")
        }
    }

    /// What a customer user's chat from one of the tickets they see depends on.
    public struct CustomerFacts: Sendable, Equatable {
        /// The ticket's customer user is them (else they see it as their company's).
        public var isOwnTicket: Bool
        public var agentsAvailable: Bool

        public init(isOwnTicket: Bool, agentsAvailable: Bool) {
            self.isOwnTicket = isOwnTicket
            self.agentsAvailable = agentsAvailable
        }
    }

    public static func customerMayStart(_ facts: CustomerFacts, policy: TicketChatPolicy) throws(ChatError) {
        guard policy.customerAllowed else { throw .notPermitted("chats about tickets are switched off") }
        guard !policy.customerNeedsWrite || facts.isOwnTicket else { throw .notPermitted("you may only read this ticket") }
        guard !policy.customerOnlyIfAgentsAvailable || facts.agentsAvailable else {
            throw .notPermitted("no agent is available right now")
        }
    }

    /// A new chat's events with the link to its ticket right after the creation (and first message): the chat
    /// is about that ticket from its start, and its log goes there when it ends.
    public static func linked(_ kinds: [ChatEventKind], to ticket: TicketRef) -> [ChatEventKind] {
        kinds + [.ticketLinked(ticket: ticket.id, number: ticket.number, how: .fromTicket)]
    }
}

extension TicketChatRules {
    /// OTRS 7's "create a ticket from this conversation", offered to the customer user after the chat closed:
    /// they asked for the chat, it is over, and it is in no ticket yet. The link is recorded like a phone
    /// ticket's (the chat is closed already, so nothing else happens).
    ///
    /// Whether an agent ever joined does not matter: OTRS 7 offers it whenever she closes the chat, and its
    /// waiting text (`NoAgentsAvailable::NewTicket`: "create a ticket and we will get back to you") makes the
    /// ticket the fallback for a request nobody took. The engine then writes as the ticket system's user for
    /// customers' tickets, the articles hers.
    public static func linkByCustomer(_ chat: Chat, ticket: TicketRef, by actor: ChatActor) throws(ChatError) -> [ChatEventKind] {
        guard case .customer = actor, chat.requester == actor.person else {
            throw .notPermitted("only the customer user who asked for the chat makes a ticket of it")
        }
        guard chat.state == .closed else { throw .notPermitted("the chat is still open") }
        guard chat.ticketID == nil else { throw .notPermitted("this chat is already saved in a ticket") }
        return [.ticketLinked(ticket: ticket.id, number: ticket.number, how: .created)]
    }
}

extension TicketChatRules {
    /// `Ticket::Agent::StartChatWOTicket` and `Ticket::Customer::StartChatWOTicket` (OTRS): when off, that kind
    /// of user starts a chat only from a ticket. A chat linked to a ticket from its start (from a ticket's zoom,
    /// a pre-ticket chat) is not one without a ticket; public users (visitors) have no tickets and are not
    /// concerned, nor are invitations into a chat that exists.
    public static func mayStartWithoutTicket(_ starter: Person, policy: TicketChatPolicy) throws(ChatError) {
        switch starter {
        case .agent:
            guard policy.agentWithoutTicket else {
                throw .notPermitted("chats that are not about a ticket are switched off: start the chat from the ticket")
            }
        case .customer:
            guard policy.customerWithoutTicket else {
                throw .notPermitted("chats that are not about a ticket are switched off: start the chat from one of your tickets")
            }
        default:
            return
        }
    }

    /// Whether the screens offer such a chat to this kind of user (they hide what the engine would refuse).
    public static func offersChatWithoutTicket(to starter: Person, policy: TicketChatPolicy) -> Bool {
        (try? mayStartWithoutTicket(starter, policy: policy)) != nil
    }
}
