import ChatCore
import ChatEngine
import Foundation
import Hummingbird

/// Login and logout for agents (`index.pl`) and customer users (`customer.pl`). Failed logins are
/// limited per account and per IP in the database (`Authenticator.login`, `ChatEngine::Login::MaxFailuresPerHour`);
/// the session lives in an HttpOnly cookie and in the store.
enum LoginScreen {
    static func form(_ interface: Interface, env: WebEnvironment, error: String?, user: String,
        status: HTTPResponse.Status = .ok) -> Response
    {
        let helpdesk = SingleSignOn.helpdeskLoginURL(interface, env: env)
        return env.pages.page("login", [
            "Title": interface == .agent ? "Agent login" : "Customer login",
            "Script": interface.script, "Interface": interface.rawValue, "Error": error ?? "", "User": user,
            "HelpdeskLogin": helpdesk ?? "", "PasswordLoginOff": env.engine.sessions.passwordLoginIsOff,
        ], status: status)
    }

    static func login(_ interface: Interface, _ request: Request, _ params: FormParameters, _ context: WebContext,
        env: WebEnvironment) async throws -> Response
    {
        let user = String((params["User"] ?? "").prefix(200))
        guard request.method == .post else { return form(interface, env: env, error: nil, user: user) }
        // a login form posted from another site would log the browser in as the attacker (login CSRF)
        if RequestOrigin.isForeign(request) {
            return form(interface, env: env, error: "Login refused: the form was sent from another site.", user: user,
                status: .forbidden)
        }
        let password = String((params["Password"] ?? "").prefix(1000))
        let client = env.client(request, context)
        let outcome: Authenticator.LoginOutcome
        do {
            outcome = try await env.engine.sessions.login(interface == .agent ? .agent : .customer, user: user,
                password: password, clientAddress: client.address)
        } catch is Authenticator.DirectoryUnavailable {
            return form(interface, env: env,
                error: "Logging in is not possible right now: the helpdesk's user directory cannot be reached. Please try again in a few minutes.",
                user: user, status: .serviceUnavailable)
        }
        let login: Authenticator.Login
        switch outcome {
        case .loggedIn(let done):
            login = done
        case .lockedOut(let until):
            let minutes = max(1, Int((until.timeIntervalSince(env.service.now()) / 60).rounded(.up)))
            return form(interface, env: env,
                error: "Too many failed logins. Please try again in \(minutes) minute\(minutes == 1 ? "" : "s").",
                user: user, status: .tooManyRequests)
        case .failed:
            return form(interface, env: env, error: "Login failed! Your user name or password was entered incorrectly.",
                user: user, status: .unauthorized)
        }
        guard let cookieName = interface.cookieName else {
            return form(interface, env: env, error: "Login failed! Your user name or password was entered incorrectly.",
                user: user, status: .unauthorized)
        }
        var response = OTRSFrontend.redirect("\(interface.script)?Action=\(interface.homeAction)")
        response.setCookie(Cookie(name: cookieName, value: login.token, path: "/otrs", secure: client.isHTTPS, httpOnly: true,
            sameSite: .lax))
        return response
    }

    static func logout(_ interface: Interface, _ request: Request, _ params: FormParameters, _ context: WebContext,
        env: WebEnvironment) async throws -> Response
    {
        let caller = try await Caller.resolve(interface, cookies: request.cookies, params: params,
            clientAddress: env.client(request, context).address, env: env)
        if let token = caller.sessionToken {
            guard (try? caller.checkChallenge(params)) != nil else {
                return env.pages.message(title: "Logout", message: WebError.challengeToken.message, status: .forbidden)
            }
            try await env.engine.sessions.logout(token)
            env.hub.endSession(token)  // the session's open sockets close at once
        }
        var response = form(interface, env: env, error: nil, user: "")
        if let cookieName = interface.cookieName {
            response.setCookie(Cookie(name: cookieName, value: "", maxAge: 0, path: "/otrs",
                secure: env.client(request, context).isHTTPS, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}
