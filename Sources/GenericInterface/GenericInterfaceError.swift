/// What went wrong talking to the GenericInterface, with a message a person can act on. Znuny's own errors
/// (HTTP 200 with `{"Error":{"ErrorCode","ErrorMessage"}}`) keep its code and message.
public enum GenericInterfaceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Znuny refused: `TicketCreate.AccessDenied`, `TicketGet.AuthFail`, `TicketCreate.InvalidParameter`, …
    case znuny(code: String, message: String)
    /// Not a GenericInterface answer: routing and JSON failures come as HTTP 500 with text.
    case http(status: Int, text: String)
    /// No whole answer before the deadline: the request may or may not have been carried out.
    case timeout(operation: String, seconds: Double)
    /// No connection, or it broke: the request may or may not have been carried out.
    case unreachable(operation: String, reason: String)
    /// An answer ChatEngine cannot read.
    case badAnswer(operation: String, reason: String)
    /// A request ChatEngine does not send (checked before sending).
    case refused(String)
    case configuration(String)

    public var description: String {
        switch self {
        case .znuny(let code, let message): "the ticket system refused (\(code)): \(message)"
        case .http(let status, let text): "the GenericInterface answered HTTP \(status): \(text.prefix(300))"
        case .timeout(let operation, let seconds): "\(operation) got no answer within \(seconds) s"
        case .unreachable(let operation, let reason): "\(operation) could not reach the ticket system: \(reason)"
        case .badAnswer(let operation, let reason): "\(operation) answered something unreadable: \(reason)"
        case .refused(let reason): "not sent to the ticket system: \(reason)"
        case .configuration(let reason): reason
        }
    }

    /// Znuny's answer to an unknown, invalid or expired SessionID (and to a wrong password).
    public var isAuthFail: Bool { if case .znuny(let code, _) = self { code.hasSuffix(".AuthFail") } else { false } }
    /// Znuny's answer to a ticket the user may not see or write, including one that does not exist.
    public var isAccessDenied: Bool { if case .znuny(let code, _) = self { code.hasSuffix(".AccessDenied") } else { false } }
    /// The request may have been carried out although no answer says so: look before writing again.
    public var mayHaveHappened: Bool {
        switch self {
        case .timeout, .unreachable: true
        default: false
        }
    }
}
