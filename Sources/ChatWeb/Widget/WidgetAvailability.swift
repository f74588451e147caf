import ChatCore
import ChatEngine
import ChatJSON
import Foundation
import HTTPTypes
import Hummingbird

/// `GET public.pl?Action=PublicChat;Subaction=WidgetAvailability`: the widget loader asks, from the host page,
/// whether to show its launcher. Checked by the request's `Origin` (else its `Referer`); only an allowed site
/// gets `Access-Control-Allow-Origin`, so a refused site's page cannot even read the refusal.
enum WidgetAvailability {
    static let subaction = "WidgetAvailability"

    static func answer(_ request: Request, env: WebEnvironment) async -> Response {
        let sent = request.headers[.origin] ?? request.headers[.referer].flatMap(AllowedOrigins.origin(ofURL:))
        guard let sent, let origin = AllowedOrigins.normalised(sent) else {
            return OTRSFrontend.jsonError(WebError("BadRequest", .badRequest,
                "The widget's availability is asked from a web page: the request needs an Origin or Referer header."))
        }
        do {
            // ChatEngine's own pages (the snippet generator's preview) are always allowed
            let own = RequestOrigin.isSame(referer: origin, request)
            let (available, poll) = try await env.service.widgetAvailability(origin: origin, isOwnSite: own)
            var response = OTRSFrontend.json(["Available": .bool(available), "PollSeconds": .int(Int64(poll))])
            response.headers[.accessControlAllowOrigin] = sent == "null" ? "null" : origin
            response.headers[.vary] = "Origin"
            return response
        } catch let refusal as WidgetError {
            var response = OTRSFrontend.jsonError(WebError(refusal.code, .forbidden, refusal.description))
            response.headers[.vary] = "Origin"
            return response
        } catch {
            return OTRSFrontend.jsonError(WebError.from(error))
        }
    }
}
