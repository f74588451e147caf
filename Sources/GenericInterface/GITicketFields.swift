import ChatJSON

/// The `Ticket` part of a TicketCreate: queue, state and priority by name, as Znuny takes them, and the owner.
public struct GITicketFields: Hashable, Sendable {
    public var title: String
    public var queue: String
    public var state: String
    public var priority: String
    /// A customer user's login, or an e-mail address (Znuny refuses other unknown values).
    public var customerUser: String
    /// The customer's company; left out when empty (Znuny then takes the customer user's).
    public var customerID: String
    /// The owner's login (`Ticket.Owner`); left out when empty (Znuny then makes the service user the owner).
    /// Znuny takes any valid agent, whatever their rights on the queue's group, and then locks the ticket
    /// (captured live), as its own phone-ticket screen does when an owner is chosen.
    public var owner: String
    /// `Ticket.Lock`: `unlock` keeps a ticket with an owner unlocked (Znuny's phone screen unlocks closed
    /// tickets); nil leaves it out.
    public var lock: Lock?

    public enum Lock: String, Hashable, Sendable {
        case unlock
    }

    public init(title: String, queue: String, state: String, priority: String, customerUser: String, customerID: String = "",
        owner: String = "", lock: Lock? = nil)
    {
        self.title = title
        self.queue = queue
        self.state = state
        self.priority = priority
        self.customerUser = customerUser
        self.customerID = customerID
        self.owner = owner
        self.lock = lock
    }

    var json: JSON {
        var pairs: [(String, JSON)] = [("Title", .string(title)), ("Queue", .string(queue)), ("State", .string(state)),
            ("Priority", .string(priority)), ("CustomerUser", .string(customerUser))]
        if !customerID.isEmpty { pairs.append(("CustomerID", .string(customerID))) }
        if !owner.isEmpty { pairs.append(("Owner", .string(owner))) }
        if let lock { pairs.append(("Lock", .string(lock.rawValue))) }
        return .object(pairs)
    }

    func checked() throws(GenericInterfaceError) {
        for (value, name, limit) in [(title, "Title", 255), (queue, "Queue", 200), (state, "State", 200),
            (priority, "Priority", 200), (customerUser, "CustomerUser", 250)]
        {
            guard !value.isEmpty, value.count <= limit else { throw .refused("Ticket->\(name) must be 1 to \(limit) characters") }
        }
        guard customerID.count <= 150 else { throw .refused("Ticket->CustomerID must be at most 150 characters") }
        guard owner.count <= 200 else { throw .refused("Ticket->Owner must be at most 200 characters") }
    }
}
