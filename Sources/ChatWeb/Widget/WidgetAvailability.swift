import ChatCore
import ChatEngine
import ChatJSON
import Foundation
import HTTPTypes
import Hummingbird

/// `GET public.pl?Action=PublicChat;Subaction=WidgetAvailability`: the widget loader asks, from the host page,
/// whether to show its launcher. Checked by the request's `Origin` (else its `Referer`). Every answer carries
/// `Access-Control-Allow-Origin` for the asking site, so its loader can read even a refusal (`403
/// OriginNotAllowed`: the site is not allowed; `429 RateLimited` with `Retry-After`) and tell it from an
/// unreachable server; a refusal says only that, about the asking site itself.
enum WidgetAvailability {
    static let subaction = "WidgetAvailability"

    static func answer(_ request: Request, context: WebContext, env: WebEnvironment) async -> Response {
        let sent = request.headers[.origin] ?? request.headers[.referer].flatMap(AllowedOrigins.origin(ofURL:))
        guard let sent, let origin = AllowedOrigins.normalised(sent) else {
            return OTRSFrontend.jsonError(WebError("BadRequest", .badRequest,
                "The widget's availability is asked from a web page: the request needs an Origin or Referer header."))
        }
        var response: Response
        do {
            // ChatEngine's own pages (the snippet generator's preview) are always allowed
            let own = RequestOrigin.isSame(referer: origin, request)
            let answer = try await env.service.widgetAvailability(origin: origin, isOwnSite: own,
                clientAddress: env.client(request, context).address)
            response = OTRSFrontend.json(["Available": .bool(answer.available), "PollSeconds": .int(Int64(answer.pollSeconds))])
            response.headers[.cacheControl] = answer.maxAgeSeconds > 0 ? "max-age=\(answer.maxAgeSeconds)" : "no-store"
        } catch let refusal as WidgetError {
            response = OTRSFrontend.jsonError(WebError(refusal.code, .forbidden, refusal.description))
        } catch let limit as WidgetPollsTooFrequent {
            response = OTRSFrontend.jsonError(WebError(limit.code, .tooManyRequests, limit.description))
            response.headers[.retryAfter] = String(limit.retryAfter)
            response.headers[.accessControlExposeHeaders] = "Retry-After"
        } catch {
            response = OTRSFrontend.jsonError(WebError.from(error))
        }
        response.headers[.accessControlAllowOrigin] = sent == "null" ? "null" : origin
        response.headers[.vary] = "Origin"
        return response
    }
}

extension HTTPField.Name {
    static let accessControlExposeHeaders = Self("Access-Control-Expose-Headers")!
}
