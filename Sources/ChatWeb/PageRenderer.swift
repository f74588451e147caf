import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import SysConfig

/// Renders the Mustache templates in `templates/` (one per screen, partials for shared pieces) into
/// responses with the security headers every page carries. Mustache's `{{…}}` escapes HTML.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// `ChatEngine::Frontend::WebPath` as read at start (the file server's path is fixed then too).
    let webPath: String

    public init(templatesDirectory: String, webPath: String = "/otrs-web/") async throws {
        library = try await MustacheLibrary(directory: templatesDirectory)
        self.webPath = webPath
    }

    /// A page. `framable` pages (the public chat with `IsIframe=1`) may be embedded by any site;
    /// all others only by our own pages.
    func page(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok, framable: Bool = false)
        -> Response
    {
        var context = context
        context["WebPath"] = webPath  // every page links its scripts and styles under it
        // `{{#T}}text{{/T}}` in shared partials: English where the page set no language (PageLanguage)
        if context["T"] == nil { context["T"] = PageLanguage(code: "en", translator: Translator()).lambda }
        if context["Lang"] == nil { context["Lang"] = "en" }
        let html = library.render(context, withTemplate: template) ?? "<!DOCTYPE html><p>Missing template \(template)</p>"
        var headers = Self.securityHeaders(framable: framable)
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// A centred message box: errors, refusals, "chat is not active"; with `logoutURL`, the header's logout
    /// link (a logged-in person refused a screen can still leave).
    func message(title: String, message: String, status: HTTPResponse.Status, framable: Bool = false,
        logoutURL: String? = nil) -> Response
    {
        var context: [String: Any] = ["Title": title, "Message": message, "IsError": status.code >= 400]
        if let logoutURL { context["LogoutURL"] = logoutURL }
        return page("message", context, status: status, framable: framable)
    }

    static func securityHeaders(framable: Bool) -> HTTPFields {
        let ancestors = framable ? "*" : "'self'"
        var headers: HTTPFields = [:]
        headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "media-src 'self'; connect-src 'self'; frame-ancestors \(ancestors); form-action 'self'; base-uri 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[.referrerPolicy] = "same-origin"
        headers[.cacheControl] = "no-store"
        if !framable { headers[.xFrameOptions] = "SAMEORIGIN" }
        return headers
    }
}

extension HTTPTypes.HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}
