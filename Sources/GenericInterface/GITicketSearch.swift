/// One TicketSearch criterion. Znuny takes many; these are the ones ChatEngine uses, each captured alone.
public enum GITicketSearch: Hashable, Sendable {
    /// Exact title, or with `*` as wildcard (`[Chat#42]*`); compared without regard to case.
    case title(String)
    case ticketNumber(String)
    case customerUserLogin(String)

    var parameter: (name: String, value: String) {
        switch self {
        case .title(let value): ("Title", value)
        case .ticketNumber(let value): ("TicketNumber", value)
        case .customerUserLogin(let value): ("CustomerUserLogin", value)
        }
    }
}
