/// Which GenericInterface operation a method and route reach, as Znuny 7's GenericTicketConnectorREST routes them.
enum StandInOperation: String, Sendable, Hashable {
    case sessionCreate = "SessionCreate"
    case sessionGet = "SessionGet"
    case ticketCreate = "TicketCreate"
    case ticketUpdate = "TicketUpdate"
    case ticketGet = "TicketGet"
    case ticketSearch = "TicketSearch"
    case ticketHistoryGet = "TicketHistoryGet"

    /// The operation, and the ID in the route (`Ticket/2` → 2 as text); nil for a route Znuny does not know.
    static func route(method: String, route: String) -> (StandInOperation, String?)? {
        let parts = route.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (method, parts.count, parts.first) {
        case ("POST", 1, "Session"): return (.sessionCreate, nil)
        case ("GET", 2, "Session"): return (.sessionGet, parts[1])
        case ("POST", 1, "Ticket"): return (.ticketCreate, nil)
        case ("GET", 1, "Ticket"): return (.ticketSearch, nil)
        case ("PATCH", 2, "Ticket"): return (.ticketUpdate, parts[1])
        case ("GET", 2, "Ticket"): return (.ticketGet, parts[1])
        case ("GET", 2, "TicketHistory"): return (.ticketHistoryGet, parts[1])
        default: return nil
        }
    }
}
