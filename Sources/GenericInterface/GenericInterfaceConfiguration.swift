import Foundation

/// Where the ticket system's GenericInterface is and who ChatEngine is there: the settings
/// `ChatEngine::TicketBackend::GenericInterface::*` (URL, Webservice, UserLogin, Password or PasswordFile).
public struct GenericInterfaceConfiguration: Sendable {
    /// The GenericInterface script: `https://znuny.example.com/otrs/nph-genericinterface.pl` (ScriptAlias included).
    public var url: String
    /// The web service's name in the ticket system (`GenericTicketConnectorREST`, as Znuny's sample is called).
    public var webService: String
    /// The service user: an agent whose own permissions decide nothing for ChatEngine's users (see the docs).
    public var userLogin: String
    public var password: String
    /// A deadline for every call, from sending the request to the last byte of the answer.
    public var timeout: Duration
    /// Answers larger than this are refused (a TicketGet with attachments carries them base64).
    public var maxAnswerBytes: Int

    public init(url: String, webService: String = "GenericTicketConnectorREST", userLogin: String, password: String,
        timeout: Duration = .seconds(20), maxAnswerBytes: Int = 64 << 20) throws(GenericInterfaceError)
    {
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let parsed = URL(string: trimmed), let scheme = parsed.scheme?.lowercased(), ["http", "https"].contains(scheme),
            parsed.host?.isEmpty == false, parsed.query == nil, parsed.fragment == nil
        else {
            throw .configuration("the GenericInterface URL must be http(s)://host/…/nph-genericinterface.pl, not '\(url)'")
        }
        // the name becomes a path segment: keep it to what Znuny's web service names look like
        guard !webService.isEmpty, webService.count <= 200,
            webService.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) })
        else { throw .configuration("the web service name '\(webService)' must be letters, digits, '-', '_' or '.'") }
        guard !userLogin.isEmpty, userLogin.count <= 200 else { throw .configuration("the GenericInterface user login is missing") }
        guard !password.isEmpty else { throw .configuration("the GenericInterface user's password is missing") }
        guard timeout > .zero, timeout <= .seconds(600) else { throw .configuration("the GenericInterface timeout must be 1 ms to 600 s") }
        guard maxAnswerBytes >= 1 << 16 else { throw .configuration("the GenericInterface answer limit must be at least 64 KiB") }
        self.url = trimmed
        self.webService = webService
        self.userLogin = userLogin
        self.password = password
        self.timeout = timeout
        self.maxAnswerBytes = maxAnswerBytes
    }

    /// The password kept in a file (the setting `…::PasswordFile`), so it stays out of Config.pm: its first line.
    public static func password(fromFile path: String) throws(GenericInterfaceError) -> String {
        guard let data = FileManager.default.contents(atPath: path), data.count <= 4096,
            let text = String(data: data, encoding: .utf8)
        else { throw .configuration("the GenericInterface password file '\(path)' cannot be read (UTF-8, at most 4 KiB)") }
        // "\r\n" is one Character: split on any line break
        let password = text.split(maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !password.isEmpty else { throw .configuration("the GenericInterface password file '\(path)' is empty") }
        return password
    }

    /// `<url>/Webservice/<name>/<route>`.
    func endpoint(_ route: String) -> String { "\(url)/Webservice/\(webService)/\(route)" }
}
