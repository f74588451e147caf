import ChatCore
import ChatEngine
import ChatJSON
import Hummingbird

/// The widget mode of `public.pl?Action=PublicChat` (`Widget=1`): the frame's page settings, and
/// `Subaction=WidgetBind` (POST `ChatID`, `HostOrigin`, `Fields` = `{"pdata":{…},"udata":{…}}`, with the
/// `VisitorToken`): the visitor's chat bound to the host site, which the frame asks after starting a chat and
/// on every resume; a chat started on another site is refused (`OriginNotAllowed`).
enum PublicChatWidget {
    static let bindSubaction = "WidgetBind"
    /// `Fields` as sent: the loader's limits (20 fields of 500 characters) with room for JSON's escapes.
    static let maxFieldsBytes = 32 * 1024

    /// The frame's part of the page settings: the host site it was loaded for (its postMessage partner).
    static func settings(_ request: ActionRequest) -> [(String, JSON)] {
        guard request.params["Widget"] == "1" else { return [] }
        let host = request.params["HostOrigin"].flatMap(AllowedOrigins.normalised)
        return [("Widget", .bool(true)), ("HostOrigin", .optional(host))]
    }

    static func bind(_ request: ActionRequest) async -> Response {
        do {
            guard request.isPost else { throw WebError("BadRequest", .methodNotAllowed, "This Subaction needs a POST.") }
            let person = try request.person()
            guard let chatText = request.params["ChatID"], let chat = Int64(chatText) else {
                throw WebError("BadRequest", .badRequest, "ChatID is missing or not a number.")
            }
            let fields = try parseFields(request.params["Fields"] ?? "")
            let binding = try await request.service.bindWidget(ChatID(chat), by: person,
                hostOrigin: request.params["HostOrigin"] ?? "", fields: fields,
                ownAuthority: request.params[WidgetGate.ownHostParameter])
            return OTRSFrontend.json(["ChatID": .int(binding.chat.rawValue), "HostOrigin": .string(binding.hostOrigin)])
        } catch {
            return OTRSFrontend.jsonError(request.failure(error))  // WidgetError's codes and statuses: WebError.from
        }
    }

    /// `{"pdata":{"name":"Ann","plan":"gold"},"udata":{…}}`: strings kept, numbers and booleans as text.
    static func parseFields(_ text: String) throws -> WidgetFields {
        if text.isEmpty { return try WidgetFields() }
        guard text.utf8.count <= maxFieldsBytes else {
            throw WebError("BadRequest", .badRequest, "Fields is larger than \(maxFieldsBytes) bytes.")
        }
        guard let json = JSON.parse(text, maxDepth: 3), case .object = json else {
            throw WebError("BadRequest", .badRequest, "Fields must be a JSON object {\"pdata\":{…},\"udata\":{…}}.")
        }
        func pairs(_ name: String) throws -> [(key: String, value: String)] {
            guard let value = json[name], value != .null else { return [] }
            guard case .object(let items) = value else {
                throw WebError("BadRequest", .badRequest, "Fields.\(name) must be an object of names and values.")
            }
            return try items.map { key, value in
                guard let text = value.stringValue else {
                    throw WebError("BadRequest", .badRequest, "Fields.\(name).\(key) must be a string, number or boolean.")
                }
                return (key, text)
            }
        }
        return try WidgetFields(pdata: try pairs("pdata"), udata: try pairs("udata"))
    }
}
