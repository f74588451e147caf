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

    var agent: AgentID? { person?.agentID }

    static func anonymous(_ interface: Interface) -> Caller {
        Caller(interface: interface, person: nil, challenge: nil, sessionToken: nil, visitorToken: nil)
    }

    /// Resolves the cookie (agents, customer users) or the `VisitorToken` parameter (public visitors).
    static func resolve(_ interface: Interface, cookies: Cookies, params: FormParameters, env: WebEnvironment) async throws
        -> Caller
    {
        switch interface {
        case .agent, .customer:
            guard let name = interface.cookieName, let token = cookies[name]?.value, !token.isEmpty,
                let session = try await env.authenticator.session(token),
                session.person.isAgent == (interface == .agent), !Self.isVisitor(session.person)
            else { return .anonymous(interface) }
            return Caller(interface: interface, person: session.person, challenge: session.challenge, sessionToken: token,
                visitorToken: nil)
        case .public:
            guard let token = params["VisitorToken"], !token.isEmpty, token.count <= 128,
                let visitor = try await env.authenticator.visitor(token)
            else { return .anonymous(interface) }
            return Caller(interface: interface, person: .visitor(visitor), challenge: nil, sessionToken: nil, visitorToken: token)
        }
    }

    static func isVisitor(_ person: Person) -> Bool {
        if case .visitor = person { return true }
        return false
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

/// One request to an Action, from HTTP or from a WebSocket command.
struct ActionRequest: Sendable {
    let env: WebEnvironment
    let caller: Caller
    let params: FormParameters
    let clientIP: String
    /// Whether the request came as a POST (state changes only come as POST or WebSocket commands).
    let isPost: Bool

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

    func chatID(_ name: String = "ChatID") throws -> ChatID {
        guard let text = params[name], let value = Int64(text) else { throw WebError.badRequest("\(name) is missing or not a number.") }
        return ChatID(value)
    }

    func channelID(_ name: String = "ChatChannelID") throws -> ChannelID? {
        guard let text = params[name], !text.isEmpty else { return nil }
        guard let value = Int64(text) else { throw WebError.badRequest("\(name) is not a number.") }
        return ChannelID(value)
    }

    func required(_ name: String, maxLength: Int = 1000) throws -> String {
        guard let value = params[name], !value.isEmpty else { throw WebError.badRequest("\(name) is missing.") }
        guard value.unicodeScalars.count <= maxLength else { throw WebError.badRequest("\(name) is too long.") }
        return value
    }
}
