import ChatCore
import ChatEngine
import ChatJSON
import Hummingbird

/// A refusal the web layer answers with: a stable code, the HTTP status and a readable message. The message
/// stays translatable (`text`) until `translated(_:)` puts it into the reader's language; the code never changes.
public struct WebError: Error, Sendable {
    public var code: String
    public var status: HTTPResponse.Status
    public var text: LocalizableText
    /// The text as it is now: English, or the reader's language once `translated(_:)`.
    public var message: String

    public init(_ code: String, _ status: HTTPResponse.Status, _ text: LocalizableText) {
        self.code = code
        self.status = status
        self.text = text
        self.message = text.description
    }

    public init(_ code: String, _ status: HTTPResponse.Status, _ message: String) {
        self.init(code, status, LocalizableText(message))
    }

    static func badRequest(_ message: String) -> WebError { WebError("BadRequest", .badRequest, message) }
    static func badRequest(_ text: LocalizableText) -> WebError { WebError("BadRequest", .badRequest, text) }
    static let noSession = WebError("NoSession", .unauthorized, "Your session is invalid or has expired. Please log in again.")
    static let challengeToken = WebError("ChallengeToken", .forbidden,
        "Invalid challenge token: reload the page and try again.")
    static func notPermitted(_ message: String) -> WebError { WebError("NotPermitted", .forbidden, message) }
    static func notFound(_ message: String) -> WebError { WebError("NotFound", .notFound, message) }
    static func unknownSubaction(_ name: String) -> WebError {
        WebError("UnknownSubaction", .badRequest, LocalizableText("Unknown Subaction %s.", values: name))
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
            return WebError(error.code, status, error.text)
        case let error as ChatRequestRefusal:
            return WebError(error.code, error.code == "Blocked" ? .forbidden : .tooManyRequests, error.text)
        case let refusal as MailRefusal:
            let status: HTTPResponse.Status = switch refusal.code {
            case .chatLimit, .networkLimit: .tooManyRequests
            case .notClosed, .addressFixed: .conflict
            case .noAddress, .badAddress: .badRequest
            }
            return WebError(refusal.code.rawValue, status, refusal.text)
        case let rule as DirectoryRuleError:
            // a field the directory's rules refuse (a bad language code, a too-long name): the caller's input
            return WebError("BadRequest", .badRequest, rule.description)
        case let refusal as WidgetError:
            return WebError(refusal.code, refusal.code == "BadRequest" ? .badRequest : .forbidden, widgetText(refusal))
        default:
            switch EngineError.classify(error) {
            case .notFound(let what)?: return WebError("NotFound", .notFound, LocalizableText("Not found: %s.", values: what))
            case .conflict?: return WebError("Conflict", .conflict, LocalizableText("The chat changed meanwhile; try again."))
            case .duplicate(let what)?: return WebError("Conflict", .conflict, LocalizableText("Already exists: %s.", values: what))
            case .refused(let why)?:
                return WebError("NotPermitted", .forbidden, LocalizableText("Refused: %s.", [.text(LocalizableText(why))]))
            case .unavailable?, nil: return WebError("Internal", .internalServerError, LocalizableText("An internal error occurred."))
            }
        }
    }

    /// The widget's refusals a visitor reads, translatable; the others name settings for the site's operator.
    static func widgetText(_ refusal: WidgetError) -> LocalizableText {
        switch refusal {
        case .boundToOtherSite(let origin):
            LocalizableText("This chat was started on another website; it cannot be continued on %s.", values: origin)
        case .notYourChat: LocalizableText("This chat was not started with this visitor token.")
        case .originNotAllowed, .badFields: LocalizableText(refusal.description)
        }
    }

    /// The same refusal for a reader of `language`: the message translated, the code and status unchanged.
    /// Every error a visitor or customer user sees as text (JSON answers, pages, WebSocket frames) passes here.
    func translated(_ language: PageLanguage) -> WebError {
        var translated = self
        translated.message = language(text)
        return translated
    }

    var json: JSON { ["Code": .string(code), "Message": .string(message)] }
}

extension ActionRequest {
    /// Any error as this request's refusal, in its caller's language (`language`; agents read English).
    func failure(_ error: any Error) -> WebError {
        WebError.from(error).translated(language)
    }
}

extension ChatSocket.LanguageHints {
    /// Any error as a refusal for this tab, in its language (`PageLanguage.resolve`, the rule of every request).
    func failure(_ error: any Error, caller: Caller, env: WebEnvironment) -> WebError {
        WebError.from(error).translated(PageLanguage.resolve(for: caller, lang: lang, acceptLanguage: acceptLanguage,
            translator: env.live.current.translator))
    }
}
