import ChatCore
import ChatEngine
import ChatJSON
import Hummingbird

/// What the "send me this conversation" Actions (`CustomerChatMail`, `PublicChatMail`) share: POST only, the
/// chat's ID, and a JSON answer whatever happens: `{"OK":true,"Data":{"Address":"j***@example.com","Message":"…",
/// "New":true}}` or `{"OK":false,"Error":{"Code":…,"Message":…}}` (the limits: HTTP 429).
enum ChatMailAnswer {
    static func answer(_ request: ActionRequest, _ body: () async throws -> JSON) async -> Response {
        do {
            guard request.isPost else { throw WebError("BadRequest", .methodNotAllowed, "This action needs a POST.") }
            return OTRSFrontend.json(try await body())
        } catch {
            return OTRSFrontend.jsonError(request.failure(error))
        }
    }

    static func chatID(_ request: ActionRequest) throws -> ChatID {
        guard let id = AdminPage.int(request, "ChatID") else { throw WebError("BadRequest", .badRequest, "ChatID is missing.") }
        return ChatID(id)
    }

    static func queued(_ queued: TranscriptMail.Queued, _ request: ActionRequest) -> JSON {
        ["Address": .string(queued.maskedAddress), "Message": .string(request.language(queued.text)), "New": .bool(queued.isNew)]
    }
}
