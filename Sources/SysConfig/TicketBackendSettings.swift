/// `ChatEngine::TicketBackend` and `ChatEngine::TicketBackend::GenericInterface::*`: where tickets are written
/// (see `ChatEngine.xml`). The GenericInterface values are checked when the engine opens the backend.
public struct TicketBackendSettings: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case embedded = "Embedded"
        case genericInterface = "GenericInterface"
    }

    public var kind: Kind
    /// `nph-genericinterface.pl` with its ScriptAlias: `https://znuny.example.com/otrs/nph-genericinterface.pl`.
    public var url: String
    public var webService: String
    /// The service user ChatEngine signs in as; agents' own rights decide what they get (see the docs).
    public var user: String
    public var password: String
    /// A file whose first line is the password (instead of `password`, keeping it out of Config.pm).
    public var passwordFile: String
    /// Seconds each call may take, from sending to the answer's last byte.
    public var timeout: Int

    public init(kind: Kind = .embedded, url: String = "", webService: String = "GenericTicketConnectorREST", user: String = "",
        password: String = "", passwordFile: String = "", timeout: Int = 20)
    {
        self.kind = kind
        self.url = url
        self.webService = webService
        self.user = user
        self.password = password
        self.passwordFile = passwordFile
        self.timeout = timeout
    }

    init(reading r: inout SettingReader) {
        let name = r.string("ChatEngine::TicketBackend")
        kind = Kind(rawValue: name) ?? .embedded
        if Kind(rawValue: name) == nil && r.config.value(named: "ChatEngine::TicketBackend") != nil {
            r.report("ChatEngine::TicketBackend", "must be Embedded or GenericInterface, not '\(name)'")
        }
        let g = "ChatEngine::TicketBackend::GenericInterface::"
        url = r.string(g + "URL")
        webService = r.string(g + "Webservice")
        user = r.string(g + "User")
        password = r.string(g + "Password")
        passwordFile = r.string(g + "PasswordFile")
        timeout = r.int(g + "Timeout", atLeast: 1)
        if kind == .genericInterface {
            if url.isEmpty { r.report(g + "URL", "is needed with ChatEngine::TicketBackend GenericInterface") }
            if user.isEmpty { r.report(g + "User", "is needed with ChatEngine::TicketBackend GenericInterface") }
            if password.isEmpty && passwordFile.isEmpty {
                r.report(g + "Password", "or \(g)PasswordFile is needed with ChatEngine::TicketBackend GenericInterface")
            }
        }
    }
}
