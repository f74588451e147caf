import ChatCore
import ChatEngine
import Hummingbird

/// `index.pl?Action=AgentChatDownload;ChatID=N[;TimeZone=Europe/Berlin]`: the chat's transcript as a PDF, the
/// full log (internal messages marked), for an agent who may read the chat as the chat screens let them. Times are
/// in the agent's own time zone, else the browser's (`TimeZone`), else the server's. A chat the agent may not read
/// answers as one that does not exist. A read, so a GET without the challenge token (like an attachment).
enum AgentChatDownload: ChatAction {
    static let name = "AgentChatDownload"
    static let interface = Interface.agent

    static func page(_ request: ActionRequest) async throws -> Response {
        try await download(request, for: .agent(try request.agent()))
    }

    /// The download for `viewer`, or the page that says why not: missing (or not theirs) 404, busy 503.
    static func download(_ request: ActionRequest, for viewer: Person) async throws -> Response {
        let framable = request.caller.interface == .public && request.params["IsIframe"] == "1"
        guard let id = AdminPage.int(request, "ChatID") else {
            return request.env.pages.message(title: "Chat", message: "No such chat.", status: .notFound, framable: framable)
        }
        do {
            let pdf = try await request.env.engine.transcripts.pdf(ChatID(id), for: viewer, timeZone: request.params["TimeZone"],
                language: request.chatLanguage)
            return response(pdf)
        } catch ChatError.notInChat {
            return request.env.pages.message(title: "Chat", message: "No such chat.", status: .notFound, framable: framable)
        } catch let busy as RenderQueueError {
            var response = request.env.pages.message(title: "Chat", message: busy.description, status: .serviceUnavailable,
                framable: framable)
            response.headers[.retryAfter] = "5"
            return response
        }
    }

    /// `application/pdf` as an attachment named for the chat, never cached, never sniffed, sandboxed should a
    /// browser show it anyway.
    static func response(_ pdf: Transcripts.Download) -> Response {
        var headers = PageRenderer.securityHeaders(framable: false)
        headers[.contentSecurityPolicy] = "default-src 'none'; sandbox"
        headers[.contentType] = "application/pdf"
        headers[.contentDisposition] = AttachmentDownload.disposition(pdf.fileName)
        headers[.cacheControl] = "private, no-store"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: pdf.bytes)))
    }
}
