import ChatCore
import ChatEngine
import Hummingbird

/// `customer.pl?Action=CustomerChatMail` (POST: `ChatID`, `ChallengeToken`, `RequestID`, `TimeZone`): OTRS 7's
/// "send me this conversation" on one of the customer user's own closed chats, to the address on file. The
/// engine decides everything (`engine.mail.sendToCustomer`); a resend with the same `RequestID` queues nothing twice.
enum CustomerChatMail: ChatAction {
    static let name = "CustomerChatMail"
    static let interface = Interface.customer

    static func page(_ request: ActionRequest) async throws -> Response {
        await ChatMailAnswer.answer(request) {
            guard case .customer(let customer)? = request.caller.person else { throw WebError.noSession }
            try request.caller.checkChallenge(request.params)
            let queued = try await request.env.engine.mail.sendToCustomer(try ChatMailAnswer.chatID(request), by: customer,
                requestID: request.params["RequestID"], timeZone: request.params["TimeZone"], language: request.language.code)
            return ChatMailAnswer.queued(queued, request)
        }
    }
}
