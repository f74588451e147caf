import ChatCore
import ChatEngine
import ChatJSON
import Foundation
import HTTPTypes
import Hummingbird

/// The allowed websites (`ChatEngine::PublicInterface::AllowedOrigins`) at the door of `public.pl`: the widget
/// loader's availability check (answered here, readable by the asking site even when refused), and every framed
/// public page (`IsIframe=1`): refused when the embedding site is not allowed, its CSP `frame-ancestors` narrowed
/// to the list.
struct WidgetGate: RouterMiddleware {
    typealias Context = WebContext
    let env: WebEnvironment

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws
        -> Response
    {
        guard request.uri.path == Interface.public.script else { return try await next(request, context) }
        let params = FormParameters(query: request.uri.query, body: nil)
        if request.method == .get, params["Subaction"] == WidgetAvailability.subaction {
            return await WidgetAvailability.answer(request, context: context, env: env)
        }
        guard params["IsIframe"] == "1" else { return try await next(Self.withOwnHost(request), context) }
        let origins = env.settings.widget.allowedOrigins
        if request.method == .get, let refusal = WidgetFrameCheck.problem(request, params, origins) {
            var response = env.pages.message(title: "Chat", message: refusal, status: .forbidden, framable: true)
            response.headers[.contentSecurityPolicy] = WidgetFrameCheck.policy(response.headers[.contentSecurityPolicy], origins)
            return response
        }
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = WidgetFrameCheck.policy(response.headers[.contentSecurityPolicy], origins)
        return response
    }
}

extension WidgetGate {
    /// The query parameter that tells `WidgetBind` which host the request reached (ChatEngine's own pages may host
    /// the widget: the snippet generator's preview). Put first, so a client's own value of it never counts.
    static let ownHostParameter = "ChatEngineRequestHost"

    static func withOwnHost(_ request: Request) -> Request {
        guard let host = request.head.authority, var head = Optional(request.head), let path = head.path else { return request }
        let (base, query) = path.firstIndex(of: "?").map { (path[..<$0], String(path[path.index(after: $0)...])) } ?? (path[...], "")
        let value = host.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: ".-:[]"))) ?? ""
        head.path = "\(base)?\(ownHostParameter)=\(value)" + (query.isEmpty ? "" : ";" + query)
        return Request(head: head, body: request.body)
    }
}

/// Which site embeds a framed public page, and whether it may.
enum WidgetFrameCheck {
    /// Why the frame is refused, or nil. The browser's `Referer` of a frame names the embedding page (its origin
    /// at least); `HostOrigin` is what the widget's loader says it runs on, and must agree with it.
    static func problem(_ request: Request, _ params: FormParameters, _ origins: AllowedOrigins) -> String? {
        let referer = request.headers[.referer].flatMap(AllowedOrigins.origin(ofURL:))
        let own = RequestOrigin.isSame(referer: referer, request)
        if let hostParameter = params["HostOrigin"] {
            guard let host = AllowedOrigins.normalised(hostParameter) else {
                return "HostOrigin '\(hostParameter.prefix(100))' is not an origin (https://www.example.com)."
            }
            if let referer, referer != host, !own {
                return "The chat frame was loaded by \(referer), not by \(host) as its HostOrigin says."
            }
            if !origins.allows(host) && !own {
                return WidgetError.originNotAllowed(host).description
            }
        }
        if let referer, !own, !origins.allows(referer) {
            return WidgetError.originNotAllowed(referer).description
        }
        return nil
    }

    /// The page's CSP with `frame-ancestors` narrowed to the allowed origins (and ChatEngine's own pages, where
    /// the snippet generator previews the widget); unchanged while any site is allowed.
    static func policy(_ policy: String?, _ origins: AllowedOrigins) -> String? {
        guard let policy, !origins.allowsAnySite else { return policy }
        return policy.replacingOccurrences(of: "frame-ancestors *", with: "frame-ancestors 'self' \(origins.frameAncestors)")
    }
}

extension RequestOrigin {
    /// A `Referer`'s origin naming this server (ChatEngine's own page framing the chat: the snippet preview).
    static func isSame(referer: String?, _ request: Request) -> Bool {
        guard let referer, let host = request.head.authority, let url = URL(string: referer), let refererHost = url.host
        else { return false }
        let authority = url.port.map { "\(refererHost):\($0)" } ?? refererHost
        return authority.lowercased() == host.lowercased()
    }
}

extension HTTPField.Name {
    static let referer = Self("Referer")!
    static let accessControlAllowOrigin = Self("Access-Control-Allow-Origin")!
    static let vary = Self("Vary")!
}
