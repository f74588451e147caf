import ChatCore
import ChatEngine
import ChatJSON

/// The JSON answers of the chat widget's Phone ticket and Append (docs/web-protocol.md).
enum ChatTicketAnswers {
    static func form(_ form: Tickets.PhoneTicketForm) -> JSON {
        [
            "Title": .string(form.title), "CustomerUser": .string(form.customerUser), "CustomerID": .string(form.customerID),
            "IsCustomerUser": .bool(form.isCustomerUser),
            "Queues": .array(form.options.queues.map { ["QueueID": .int($0.id), "Name": .string($0.name)] }),
            "States": .array(form.options.states.map { .string($0) }),
            "Priorities": .array(form.options.priorities.map { .string($0) }),
            "DefaultState": .string(form.options.defaultState), "DefaultPriority": .string(form.options.defaultPriority),
        ]
    }

    /// The chat's acknowledgement with the ticket: its ID, number and where the agent opens it.
    static func outcome(_ outcome: Tickets.ChatTicketOutcome) -> JSON {
        guard case .object(var fields) = outcome.chat.json else { return outcome.chat.json }
        fields += [("TicketID", .int(outcome.ticket.id.rawValue)), ("TicketNumber", .string(outcome.ticket.number)),
                   ("TicketURL", .string(url(outcome.link)))]
        return .object(fields)
    }

    /// A closed chat's ticket in its history: the agent's link to it; a customer user opens it in their own zoom.
    static func link(_ link: Tickets.ChatTicketLink) -> JSON {
        var fields: [(String, JSON)] = [("TicketID", .int(link.ticket.id.rawValue)), ("TicketNumber", .string(link.ticket.number))]
        if let agentLink = link.agentLink { fields.append(("TicketURL", .string(url(agentLink)))) }
        return .object(fields)
    }

    static func summary(_ ticket: Ticket) -> JSON {
        [
            "TicketID": .int(ticket.ref.id.rawValue), "TicketNumber": .string(ticket.ref.number), "Title": .string(ticket.title),
            "Queue": .string(ticket.queue), "State": .string(ticket.state), "CustomerUser": .string(ticket.customerUser),
        ]
    }

    /// ChatEngine's own zoom is relative to the agent's page (`index.pl`); a ticket system's is its full URL.
    static func url(_ link: TicketLink) -> String {
        switch link {
        case .agentTicketZoom(let id): "index.pl?Action=AgentTicketZoom;TicketID=\(id.rawValue)"
        case .url(let url): url
        }
    }
}
