import ChatCore
import ChatEngine
import ChatJSON
import Foundation

/// The context every chat page's template gets, with the page's configuration as JSON for its script
/// (see docs/web-protocol.md).
enum PageContext {
    static func make(_ request: ActionRequest, action: String, title: String, chatID: Int64? = nil, isIframe: Bool = false,
        settings: JSON = [:]) async throws -> [String: Any]
    {
        let interface = request.caller.interface
        var userName = ""
        if let person = request.caller.person, !person.isVisitor {
            userName = try await request.env.engine.directory.name(of: person)
        }
        let challenge = request.caller.challenge ?? ""
        let language = request.language
        let config: JSON = [
            "Interface": .string(interface.rawValue),
            "Script": .string(interface.script),
            "ChallengeToken": .string(challenge),
            "SocketURL": "/otrs/ws",
            "MaxMessageLength": .int(Int64(request.service.policy.messageLimit)),
            "IsIframe": .bool(isIframe),
            "UserName": .string(userName),
            "Action": .string(action),
            "ChatID": chatID.map { .int($0) } ?? .null,
            "Settings": settings,
            // the server's clock when the page was made: waits (CustomerThreshold) count by it, not the visitor's
            "ServerTime": .string(ChatPresenter.iso(request.service.now())),
            // the page's script translates its texts (and the configured Texts) with these
            "Language": .string(language.code),
            "Translations": .object(language.translator.dictionary(for: language.code).sorted { $0.key < $1.key }
                .map { ($0.key, .string($0.value)) }),
        ]
        var context: [String: Any] = [
            "Title": language(title), "ConfigJSON": config.text, "T": language.lambda, "Lang": language.code.replacingOccurrences(of: "_", with: "-"), "IsIframe": isIframe, "UserName": userName,
            "Interface": interface.rawValue, "ChallengeToken": challenge, "Script": interface.script, "Action": action,
        ]
        context["LogoutURL"] = logoutURL(request.caller)
        if let agent = request.caller.agent {
            // the toolbar links the admin screens only for agents who may open them
            let permissions = try await request.service.agentContext(agent).permissions
            let modules = request.env.modules
            if modules.isRegistered(Admin.name, in: .agent) && modules.mayOpen(Admin.name, permissions: permissions) {
                context["IsAdmin"] = true
            }
        }
        return context
    }

    /// The logout link of a logged-in agent or customer user (nil for visitors).
    static func logoutURL(_ caller: Caller) -> String? {
        guard caller.interface != .public, caller.person != nil else { return nil }
        return "\(caller.interface.script)?Action=Logout;ChallengeToken=\(caller.challenge ?? "")"
    }
}
