import ChatCore
import ChatEngine
import ChatJSON
import Foundation
import Hummingbird

/// `index.pl`, `customer.pl`, `public.pl`: OTRS's dispatch on `Action=` and `Subaction=`. Only Actions
/// registered for the interface in the effective config are reachable, and for agents only with the
/// registration's groups.
enum OTRSFrontend {
    static let maxBodyBytes = 256 * 1024

    static func handle(_ interface: Interface, _ request: Request, _ context: WebContext, env: WebEnvironment) async throws
        -> Response
    {
        let isPost = request.method == .post
        var body: String?
        if isPost {
            let buffer = try await request.body.collect(upTo: maxBodyBytes)
            body = String(buffer: buffer)
        }
        let params = FormParameters(query: request.uri.query, body: body)
        let actionName = params["Action"] ?? ""
        if interface != .public {
            if actionName == "Login" { return try await LoginScreen.login(interface, request, params, context, env: env) }
            if actionName == "Logout" { return try await LoginScreen.logout(interface, request, params, context, env: env) }
        }
        let caller = try await Caller.resolve(interface, cookies: request.cookies, params: params,
            clientAddress: env.client(request, context).address, env: env)
        let subaction = params["Subaction"] ?? ""
        let type = ChatActions.named(actionName, in: interface)
        let wantsJSON = !subaction.isEmpty && !(type?.pageSubactions.contains(subaction) ?? true)
        if interface != .public && caller.person == nil {
            if wantsJSON { return jsonError(WebError.noSession) }
            if let signedOn = try await SingleSignOn.attempt(interface, request, context, env: env) { return signedOn }
            return LoginScreen.form(interface, env: env, error: nil, user: "")
        }
        if actionName.isEmpty {
            return redirect("\(interface.script)?Action=\(interface.homeAction)")
        }
        let actionRequest = ActionRequest(env: env, caller: caller, params: params, isPost: isPost,
            acceptLanguage: request.headers[.acceptLanguage])
        do {
            let type = try reachable(actionName, interface, env: env)
            if !type.pageSubactions.contains(subaction) {
                return json(try await perform(type, actionRequest))
            }
            if type.isChatAction && !env.settings.active { throw ChatError.chatNotActive }
            try await CommandGate.checkGroups(type, actionRequest)
            return try await type.page(actionRequest)
        } catch {
            let failure = actionRequest.failure(error)  // in the visitor's or customer user's language
            if wantsJSON { return jsonError(failure) }
            let framable = interface == .public && params["IsIframe"] == "1"
            if case ChatError.chatNotActive? = error as? ChatError {
                // visitors read the operator's text, not the state of a switch
                let text = interface == .public ? env.settings.texts.publicNoAgentsAvailable : "Chat is not active."
                return env.pages.message(title: actionRequest.language("Chat"), message: actionRequest.language(text), status: .ok,
                    framable: framable)
            }
            if failure.code == "NotPermitted", interface == .agent, type?.name == AgentChat.name {
                // signed in, but not for chat: say why, and how to leave
                let text = "Your account may not use the chat: \(failure.message) An administrator can grant it: "
                    + "the chat screen needs rw on the group its registration names (Frontend::Module###AgentChat, "
                    + "users by default); taking a channel's chats needs chat_owner (or rw) on the channel's group."
                return env.pages.message(title: "No access to the chat", message: text, status: .forbidden,
                    logoutURL: PageContext.logoutURL(caller))
            }
            return env.pages.message(title: "Error", message: failure.message, status: failure.status, framable: framable,
                logoutURL: PageContext.logoutURL(caller))
        }
    }

    /// The Action type, when registered in the effective configuration.
    static func reachable(_ name: String, _ interface: Interface, env: WebEnvironment) throws -> any ChatAction.Type {
        guard let type = ChatActions.named(name, in: interface), env.modules.isRegistered(name, in: interface) else {
            throw WebError("NotFound", .notFound, "Module \(name) is not registered in the configuration.")
        }
        return type
    }

    /// A JSON Subaction from HTTP: decoded, then a state change needs POST and the challenge token.
    static func perform(_ type: any ChatAction.Type, _ request: ActionRequest) async throws -> JSON {
        guard let command = try CommandDecoder.decode(action: type.name, subaction: request.subaction, request.params,
            caller: request.caller)
        else { throw WebError.unknownSubaction(request.subaction) }
        if command.needsChallenge {
            guard request.isPost else { throw WebError("BadRequest", .methodNotAllowed, "This Subaction needs a POST.") }
            try request.caller.checkChallenge(request.params)
        }
        return try await CommandGate.run(command, of: type, request)
    }

    static func json(_ data: JSON) -> Response {
        jsonResponse(["OK": true, "Data": data], status: .ok)
    }

    static func jsonError(_ error: WebError) -> Response {
        jsonResponse(["OK": false, "Error": error.json], status: error.status)
    }

    static func jsonResponse(_ body: JSON, status: HTTPResponse.Status) -> Response {
        Response(status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store", .xContentTypeOptions: "nosniff"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body.text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }
}
