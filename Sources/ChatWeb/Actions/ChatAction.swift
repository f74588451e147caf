import ChatCore
import ChatStore
import Hummingbird

/// An OTRS-style Action (one per file): a screen, and JSON Subactions that the same code serves over
/// HTTP and over the WebSocket.
protocol ChatAction: Sendable {
    static var name: String { get }
    static var interface: Interface { get }
    /// Subactions that change nothing: allowed by GET and without the challenge token.
    static var readOnlySubactions: Set<String> { get }
    /// Subactions that answer with a page rather than JSON.
    static var pageSubactions: Set<String> { get }
    /// Whether the Action is one of the chat's (answers "chat is not active" when `ChatEngine::Active` is off).
    static var isChatAction: Bool { get }

    static func page(_ request: ActionRequest) async throws -> Response
    static func perform(_ request: ActionRequest) async throws -> JSON
}

extension ChatAction {
    static var pageSubactions: Set<String> { [""] }
    static var isChatAction: Bool { true }
    static func perform(_ request: ActionRequest) async throws -> JSON {
        throw WebError.unknownSubaction(request.subaction)
    }
}

extension AppendResult {
    /// The `{ChatID, Seq}` answer of every command: the sequence number the server acknowledged.
    var json: JSON {
        ["ChatID": .int(chat.id.rawValue), "Seq": .int(duplicateOf ?? events.last?.seq ?? chat.lastSeq)]
    }
}
