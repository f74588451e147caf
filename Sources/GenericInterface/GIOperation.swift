/// The operations ChatEngine calls, routed as Znuny 7's sample `GenericTicketConnectorREST.yml` routes them
/// (the captures in `fixtures/otrs` were made against exactly that web service).
public enum GIOperation: String, Sendable, CaseIterable {
    case sessionCreate = "SessionCreate"
    case ticketCreate = "TicketCreate"
    case ticketUpdate = "TicketUpdate"
    case ticketGet = "TicketGet"
    case ticketSearch = "TicketSearch"

    /// The HTTP method: POST creates, PATCH updates, GET reads (parameters in the query string).
    public var method: String {
        switch self {
        case .sessionCreate, .ticketCreate: "POST"
        case .ticketUpdate: "PATCH"
        case .ticketGet, .ticketSearch: "GET"
        }
    }

    /// The route below `Webservice/<name>/`.
    func route(ticketID: Int64?) -> String {
        switch self {
        case .sessionCreate: "Session"
        case .ticketCreate, .ticketSearch: "Ticket"
        case .ticketUpdate, .ticketGet: "Ticket/\(ticketID ?? 0)"
        }
    }
}
