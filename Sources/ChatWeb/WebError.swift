import ChatCore
import ChatEngine
import ChatJSON
import Hummingbird

/// A refusal the web layer answers with: a stable code, the HTTP status and a readable message.
public struct WebError: Error, Sendable {
    public var code: String
    public var status: HTTPResponse.Status
    public var message: String

    public init(_ code: String, _ status: HTTPResponse.Status, _ message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    static func badRequest(_ message: String) -> WebError { WebError("BadRequest", .badRequest, message) }
    static let noSession = WebError("NoSession", .unauthorized, "Your session is invalid or has expired. Please log in again.")
    static let challengeToken = WebError("ChallengeToken", .forbidden,
        "Invalid challenge token: reload the page and try again.")
    static func notPermitted(_ message: String) -> WebError { WebError("NotPermitted", .forbidden, message) }
    static func notFound(_ message: String) -> WebError { WebError("NotFound", .notFound, message) }
    static func unknownSubaction(_ name: String) -> WebError {
        WebError("UnknownSubaction", .badRequest, "Unknown Subaction \(name).")
    }

    /// The answer for any error thrown below the web layer: the chat rules' own codes, the engine's refusals.
    static func from(_ error: any Error) -> WebError {
        switch error {
        case let error as WebError: return error
        case let error as ChatError:
            let status: HTTPResponse.Status = switch error {
            case .alreadyAccepted, .chatClosed, .requestAlreadyWaiting: .conflict
            case .tooManyMessages: .tooManyRequests
            case .notInChat, .notPermitted, .directionDisabled, .chatNotActive: .forbidden
            default: .badRequest
            }
            return WebError(error.code, status, error.description)
        case let error as ChatRequestRefusal:
            return WebError(error.code, error.code == "Blocked" ? .forbidden : .tooManyRequests, error.description)
        default:
            switch EngineError.classify(error) {
            case .notFound(let what)?: return WebError("NotFound", .notFound, "Not found: \(what).")
            case .conflict?: return WebError("Conflict", .conflict, "The chat changed meanwhile; try again.")
            case .duplicate(let what)?: return WebError("Conflict", .conflict, "Already exists: \(what).")
            case .refused(let why)?: return WebError("NotPermitted", .forbidden, "Refused: \(why).")
            case .unavailable?, nil: return WebError("Internal", .internalServerError, "An internal error occurred.")
            }
        }
    }

    var json: JSON { ["Code": .string(code), "Message": .string(message)] }
}
