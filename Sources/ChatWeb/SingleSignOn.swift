import ChatEngine
import Hummingbird

/// Single sign-on on the web: served under the ticket system's host and ScriptAlias (docs/nginx-chatengine.conf),
/// the browser sends the ticket system's session cookie with every chat page. A page asked for without a
/// ChatEngine session signs on with it, and is asked for again with ChatEngine's own session cookie set.
/// Session IDs are never logged.
enum SingleSignOn {
    /// The ticket system's session ID from this request's cookie, when single sign-on could use it.
    static func ticketSessionID(_ interface: Interface, cookies: Cookies, env: WebEnvironment) -> String? {
        guard env.settings.directory.singleSignOn, let names = env.engine.chats.people.ticketSessionCookies else { return nil }
        let name = interface == .agent ? names.agent : names.customer
        guard let value = cookies[name]?.value, !value.isEmpty, value.utf8.count <= 100 else { return nil }
        return value
    }

    /// For a page (GET) without a session: a redirect to the same page with ChatEngine's session cookie, when
    /// the ticket system's session is valid; nil otherwise (the caller shows the login page).
    static func attempt(_ interface: Interface, _ request: Request, _ context: WebContext, env: WebEnvironment)
        async throws -> Response?
    {
        guard request.method == .get, let cookieName = interface.cookieName,
            let id = ticketSessionID(interface, cookies: request.cookies, env: env)
        else { return nil }
        let client = env.client(request, context)
        guard let login = try await env.engine.sessions.signOn(ticketSession: id, asAgent: interface == .agent,
            clientAddress: client.address)
        else { return nil }
        let query = request.uri.query.map { "?" + $0 } ?? ""
        var response = OTRSFrontend.redirect(interface.script + query)
        response.setCookie(Cookie(name: cookieName, value: login.token, path: "/otrs", secure: client.isHTTPS, httpOnly: true,
            sameSite: .lax))
        return response
    }

    /// Where to log in to the helpdesk itself (its own login page, under its ScriptAlias), when single sign-on is on.
    static func helpdeskLoginURL(_ interface: Interface, env: WebEnvironment) -> String? {
        guard env.settings.directory.singleSignOn, let cookies = env.engine.chats.people.ticketSessionCookies,
            interface != .public
        else { return nil }
        let path = cookies.path.hasSuffix("/") ? cookies.path : cookies.path + "/"
        return path + (interface == .agent ? "index.pl" : "customer.pl")
    }
}
