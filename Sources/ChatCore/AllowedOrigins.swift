import Foundation

/// The websites the chat widget may run on (`ChatEngine::PublicInterface::AllowedOrigins`): origins such as
/// `https://www.example.com`, `http://localhost:8080`, or `https://*.example.com` for every subdomain of
/// example.com (not example.com itself). An empty list allows any site, as before the list existed.
public struct AllowedOrigins: Sendable, Equatable {
    /// One entry, normalised: lower case, no default port.
    public struct Entry: Sendable, Equatable {
        public let scheme: String
        /// Without the `*.` of a wildcard entry.
        public let host: String
        public let port: Int?
        /// `*.host`: any subdomain of `host`, at any depth.
        public let anySubdomain: Bool

        /// As CSP's `frame-ancestors` and the setting write it.
        public var text: String {
            scheme + "://" + (anySubdomain ? "*." : "") + host + (port.map { ":\($0)" } ?? "")
        }
    }

    public let entries: [Entry]

    /// Any site may embed the widget (the list is empty).
    public var allowsAnySite: Bool { entries.isEmpty }

    public static let anySite = AllowedOrigins(entries: [])

    init(entries: [Entry]) {
        self.entries = entries
    }

    /// The setting's entries; a bad one is an error naming it and saying what is wrong.
    public init(_ list: [String]) throws(AllowedOriginError) {
        entries = try list.map { text throws(AllowedOriginError) in try Self.parse(text) }
    }

    /// Whether a site may run the widget. `origin` is what a browser sends as `Origin` (`https://a.example.com`);
    /// `null` (sandboxed frames, file pages) and anything unparsable are never allowed by a list.
    public func allows(_ origin: String) -> Bool {
        guard let site = Self.site(origin) else { return allowsAnySite }
        if allowsAnySite { return true }
        return entries.contains { entry in
            guard entry.scheme == site.scheme, entry.port == site.port else { return false }
            return entry.anySubdomain ? site.host.hasSuffix("." + entry.host) : site.host == entry.host
        }
    }

    /// The CSP `frame-ancestors` sources: the entries, or `*` for any site.
    public var frameAncestors: String {
        allowsAnySite ? "*" : entries.map(\.text).joined(separator: " ")
    }

    /// The origin of a URL (a `Referer`): `https://www.example.com/a/b?c` is `https://www.example.com`.
    public static func origin(ofURL url: String) -> String? {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        let origin = String(url[..<schemeEnd.upperBound]) + authority
        return site(origin).map { Entry(scheme: $0.scheme, host: $0.host, port: $0.port, anySubdomain: false).text }
    }

    /// A browser's origin normalised (`HTTPS://Example.com:443` is `https://example.com`), or nil.
    public static func normalised(_ origin: String) -> String? {
        site(origin).map { Entry(scheme: $0.scheme, host: $0.host, port: $0.port, anySubdomain: false).text }
    }

    /// `host[:port]` of a normalised origin (`https://a.example:8443` is `a.example:8443`), as a `Host` header says it.
    public static func authority(ofOrigin origin: String) -> String? {
        guard let entry = try? parse(origin), !entry.anySubdomain else { return nil }
        return entry.host + (entry.port.map { ":\($0)" } ?? "")
    }

    // MARK: parsing

    private static func site(_ origin: String) -> (scheme: String, host: String, port: Int?)? {
        guard let entry = try? parse(origin), !entry.anySubdomain else { return nil }
        return (entry.scheme, entry.host, entry.port)
    }

    static func parse(_ raw: String) throws(AllowedOriginError) -> Entry {
        var text = raw.trimmingCharacters(in: .whitespaces).lowercased()
        guard !text.isEmpty else { throw AllowedOriginError(raw, "is empty") }
        if text == "*" { throw AllowedOriginError(raw, "is not an origin; leave the list empty to allow any site") }
        guard let schemeEnd = text.range(of: "://") else {
            throw AllowedOriginError(raw, "has no scheme; write it as https://host or http://host:port")
        }
        let scheme = String(text[..<schemeEnd.lowerBound])
        guard scheme == "https" || scheme == "http" else {
            throw AllowedOriginError(raw, "must start with https:// or http://, not \(scheme)://")
        }
        text = String(text[schemeEnd.upperBound...])
        if text.hasSuffix("/") { text.removeLast() }  // a copied URL's root is still the origin
        if text.contains(where: { "/?#@ ".contains($0) }) {
            throw AllowedOriginError(raw, "is more than an origin; write only scheme://host[:port], without path, query or user")
        }
        var host = text, port: Int?
        if let colon = text.lastIndex(of: ":"), !text.hasSuffix("]") {
            let digits = text[text.index(after: colon)...]
            guard let number = Int(digits), (1...65535).contains(number), digits.allSatisfy(\.isASCII) else {
                throw AllowedOriginError(raw, "has a bad port '\(digits)'")
            }
            host = String(text[..<colon])
            port = (scheme == "https" && number == 443) || (scheme == "http" && number == 80) ? nil : number
        }
        var anySubdomain = false
        if host.hasPrefix("*.") {
            anySubdomain = true
            host.removeFirst(2)
        }
        guard isHost(host) else {
            throw AllowedOriginError(raw, host.contains("*")
                ? "may have * only as its first label (https://*.example.com)" : "has no valid host name")
        }
        return Entry(scheme: scheme, host: host, port: port, anySubdomain: anySubdomain)
    }

    private static func isHost(_ host: String) -> Bool {
        if host.hasPrefix("[") && host.hasSuffix("]") {
            return host.count > 2 && host.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return !host.isEmpty && host.count <= 253 && labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }
}

/// A bad entry of `AllowedOrigins`, quoted, with what is wrong with it.
public struct AllowedOriginError: Error, Sendable, Equatable, CustomStringConvertible {
    public let entry: String
    public let problem: String

    init(_ entry: String, _ problem: String) {
        self.entry = entry
        self.problem = problem
    }

    public var description: String { "'\(entry)' \(problem)" }
}
