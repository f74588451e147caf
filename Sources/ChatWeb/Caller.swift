import ChatCore
import ChatEngine
import Hummingbird

/// Who is asking: the person behind the session cookie (agents, customer users) or the visitor token
/// (public), with the session's challenge token.
struct Caller: Sendable {
    let interface: Interface
    let person: Person?
    /// The session's CSRF challenge token (nil for the public interface).
    let challenge: String?
    let sessionToken: String?
    let visitorToken: String?
    /// The client's IP address, from HTTP and WebSocket alike (per-IP limits; a visitor's first request).
    let clientAddress: String
    /// A customer user's stored language (`UserLanguage`), read with the session; `PageLanguage.resolve` uses it.
    var preferredLanguage: String? = nil

    var agent: AgentID? { person?.agentID }

    static func anonymous(_ interface: Interface, clientAddress: String) -> Caller {
        Caller(interface: interface, person: nil, challenge: nil, sessionToken: nil, visitorToken: nil,
            clientAddress: clientAddress)
    }

    /// Resolves the cookie (agents, customer users) or the `VisitorToken` parameter (public visitors).
    static func resolve(_ interface: Interface, cookies: Cookies, params: FormParameters, clientAddress: String,
        env: WebEnvironment) async throws -> Caller
    {
        let sessions = env.engine.sessions
        switch interface {
        case .agent, .customer:
            guard let name = interface.cookieName, let token = cookies[name]?.value, !token.isEmpty,
                let session = try await sessions.session(token),
                session.person.isAgent == (interface == .agent), !session.person.isVisitor
            else { return .anonymous(interface, clientAddress: clientAddress) }
            var caller = Caller(interface: interface, person: session.person, challenge: session.challenge, sessionToken: token,
                visitorToken: nil, clientAddress: clientAddress)
            if case .customer(let customer) = session.person {
                caller.preferredLanguage = try await env.engine.account.language(of: customer)
            }
            return caller
        case .public:
            guard let token = params["VisitorToken"], !token.isEmpty, token.count <= 128,
                let visitor = try await sessions.visitor(token)
            else { return .anonymous(interface, clientAddress: clientAddress) }
            return Caller(interface: interface, person: .visitor(visitor), challenge: nil, sessionToken: nil, visitorToken: token,
                clientAddress: clientAddress)
        }
    }

    /// The CSRF check for a state change: agents and customer users must send their session's token.
    /// Visitors' requests carry the visitor token itself, which no other site knows.
    func checkChallenge(_ params: FormParameters) throws {
        guard interface != .public else { return }
        guard let challenge, let sent = params["ChallengeToken"], Self.constantTimeEquals(sent, challenge) else {
            throw WebError.challengeToken
        }
    }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// One request to an Action's page or Subaction, from HTTP or from a WebSocket command.
struct ActionRequest: Sendable {
    let env: WebEnvironment
    let caller: Caller
    let params: FormParameters
    /// Whether the request came as a POST (state changes only come as POST or WebSocket commands).
    let isPost: Bool
    /// The browser's `Accept-Language` (the page's language when no `Lang` parameter names one).
    var acceptLanguage: String? = nil

    var subaction: String { params["Subaction"] ?? "" }
    var service: ChatService { env.service }
    var commandID: String? { params["CommandID"].flatMap { $0.isEmpty || $0.count > 100 ? nil : $0 } }

    func person() throws -> Person {
        guard let person = caller.person else { throw WebError.noSession }
        return person
    }

    func agent() throws -> AgentID {
        guard let agent = caller.agent else { throw WebError.noSession }
        return agent
    }
}
