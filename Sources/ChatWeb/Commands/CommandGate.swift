import ChatCore
import ChatJSON

/// What every command passes before the engine, from HTTP or the WebSocket alike: the Action's module
/// groups and `ChatEngine::Active`.
enum CommandGate {
    static func run(_ command: WebCommand, of type: any ChatAction.Type, _ request: ActionRequest) async throws -> JSON {
        try await checkGroups(type, request)
        if type.isChatAction && !request.env.settings.active { throw ChatError.chatNotActive }
        return try await CommandExecutor.execute(command, request)
    }

    /// OTRS's `Group` / `GroupRo` of the module registration (and of the Actions it also needs), for agents.
    static func checkGroups(_ type: any ChatAction.Type, _ request: ActionRequest) async throws {
        guard let agent = request.caller.agent else { return }
        let permissions = try await request.service.agentContext(agent).permissions
        for needed in [type] + type.alsoNeeds where !request.env.modules.mayOpen(needed.name, permissions: permissions) {
            throw WebError.notPermitted("You have no permission to use \(needed.name).")
        }
    }
}
