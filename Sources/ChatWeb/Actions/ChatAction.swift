import ChatCore
import ChatJSON
import Hummingbird

/// An OTRS-style Action (one per file): its screen. Its JSON Subactions are typed by `CommandDecoder` and
/// run by `CommandExecutor`, the same for HTTP and the WebSocket.
protocol ChatAction: Sendable {
    static var name: String { get }
    static var interface: Interface { get }
    /// Subactions that answer with a page rather than JSON.
    static var pageSubactions: Set<String> { get }
    /// Whether the Action is one of the chat's (answers "chat is not active" when `ChatEngine::Active` is off).
    static var isChatAction: Bool { get }
    /// Other Actions whose registration groups an agent needs too (the popup is the chat manager's).
    static var alsoNeeds: [any ChatAction.Type] { get }

    static func page(_ request: ActionRequest) async throws -> Response
}

extension ChatAction {
    /// JSON-only Actions (no page Subactions) never get here.
    static func page(_ request: ActionRequest) async throws -> Response {
        throw WebError.unknownSubaction(request.subaction)
    }

    static var pageSubactions: Set<String> { [""] }
    static var isChatAction: Bool { true }
    static var alsoNeeds: [any ChatAction.Type] { [] }
}
