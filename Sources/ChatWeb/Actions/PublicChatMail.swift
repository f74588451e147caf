import ChatCore
import ChatEngine
import Hummingbird

/// `public.pl?Action=PublicChatMail`, a visitor's transcript by e-mail, known by the `VisitorToken` in the body:
/// - `Subaction=SetAddress` (`ChatID`, `Email`): the optional address from the start form, stored once with the
///   visitor's own chat; a second, different one is refused.
/// - `Subaction=Send` (`ChatID`, `RequestID`, `TimeZone`): that chat, once closed, to that address only; limited per
///   chat and per IP address (`ChatEngine::Mail::*`).
enum PublicChatMail: ChatAction {
    static let name = "PublicChatMail"
    static let interface = Interface.public
    static var pageSubactions: Set<String> { ["SetAddress", "Send"] }

    static func page(_ request: ActionRequest) async throws -> Response {
        await ChatMailAnswer.answer(request) {
            guard case .visitor(let visitor)? = request.caller.person else { throw WebError.noSession }
            let chat = try ChatMailAnswer.chatID(request)
            let mail = request.env.engine.mail
            if request.subaction == "SetAddress" {
                let masked = try await mail.setVisitorAddress(chat, by: visitor, address: String((request.params["Email"] ?? "").prefix(1000)))
                return ["Address": .string(masked)]
            }
            let queued = try await mail.sendToVisitor(chat, by: visitor, clientAddress: request.caller.clientAddress,
                requestID: request.params["RequestID"], timeZone: request.params["TimeZone"], language: request.language.code)
            return ChatMailAnswer.queued(queued, request)
        }
    }
}
