/// Outgoing mail: OTRS's own `SendmailModule` settings (with Znuny's definitions, so a Znuny deployment's values
/// apply), its sender `NotificationSenderName` / `NotificationSenderEmail` (`<OTRS_CONFIG_FQDN>` resolved as
/// OTRS does), and `ChatEngine::Mail::*`: who gets a transcript and how often one may be asked for.
public struct MailSettings: Sendable, Equatable {
    /// OTRS's `SendmailModule`, by the last part of its Perl module name.
    public enum Module: String, Sendable, CaseIterable {
        /// `Kernel::System::Email::SMTP`: plain SMTP, port 25 unless `::Port` says otherwise.
        case smtp = "SMTP"
        /// `Kernel::System::Email::SMTPS`: TLS from the first byte, port 465.
        case smtps = "SMTPS"
        /// `Kernel::System::Email::SMTPTLS`: STARTTLS, port 587.
        case smtpTLS = "SMTPTLS"
        /// `Kernel::System::Email::Sendmail`: the local sendmail binary (`SendmailModule::CMD`).
        case sendmail = "Sendmail"
        /// `Kernel::System::Email::DoNotSendEmail`: nothing leaves (logged only).
        case doNotSend = "DoNotSendEmail"

        public static let prefix = "Kernel::System::Email::"

        public var isSMTP: Bool { self == .smtp || self == .smtps || self == .smtpTLS }

        /// The port OTRS uses when `SendmailModule::Port` is not set.
        public var defaultPort: Int {
            switch self {
            case .smtps: 465
            case .smtpTLS: 587
            default: 25
            }
        }
    }

    public var module: Module
    public var host: String
    /// `SendmailModule::Port`, else the module's default.
    public var port: Int
    /// `SendmailModule::AuthUser` / `::AuthPassword`; no AUTH when the user is empty or unset.
    public var authUser: String
    public var authPassword: String
    /// `SendmailModule::CMD`: the sendmail command line; the envelope sender follows its `-f`, then the recipient.
    public var sendmailCommand: String
    public var senderName: String
    /// `NotificationSenderEmail` with `<OTRS_CONFIG_FQDN>` replaced by `FQDN`.
    public var senderAddress: String
    /// OTRS's `FQDN`: the right side of every Message-ID ChatEngine makes.
    public var fqdn: String
    /// `ChatEngine::Mail::TranscriptAtChatEnd`: every customer user and visitor with an address gets the
    /// conversation when the chat closes.
    public var transcriptAtChatEnd: Bool
    /// `ChatEngine::Mail::MaxRequestsPerChat`: "send me this conversation" per chat (and recipient), ever.
    public var maxRequestsPerChat: Int
    /// `ChatEngine::Mail::MaxVisitorRequestsPerHourPerIP`: visitors' requests per IP address within an hour.
    public var maxVisitorRequestsPerHourPerIP: Int
    /// `ChatEngine::Mail::Timeout`: seconds for each step of talking to the mail server.
    public var timeout: Int
    /// `ChatEngine::Mail::VerifyCertificate`: the mail server's certificate and name are checked.
    public var verifyCertificate: Bool
    /// `ChatEngine::Mail::TrustedCAFile`: a PEM file of roots to trust instead of the system's (private CAs).
    public var trustedCAFile: String

    public init(module: Module = .doNotSend, host: String = "localhost", port: Int? = nil, authUser: String = "",
        authPassword: String = "", sendmailCommand: String = "/usr/sbin/sendmail -i -f", senderName: String = "OTRS Notifications",
        senderAddress: String = "otrs@localhost", fqdn: String = "localhost", transcriptAtChatEnd: Bool = false,
        maxRequestsPerChat: Int = 3, maxVisitorRequestsPerHourPerIP: Int = 10, timeout: Int = 30,
        verifyCertificate: Bool = true, trustedCAFile: String = "")
    {
        self.module = module
        self.host = host
        self.port = port ?? module.defaultPort
        self.authUser = authUser
        self.authPassword = authPassword
        self.sendmailCommand = sendmailCommand
        self.senderName = senderName
        self.senderAddress = senderAddress
        self.fqdn = fqdn
        self.transcriptAtChatEnd = transcriptAtChatEnd
        self.maxRequestsPerChat = maxRequestsPerChat
        self.maxVisitorRequestsPerHourPerIP = maxVisitorRequestsPerHourPerIP
        self.timeout = timeout
        self.verifyCertificate = verifyCertificate
        self.trustedCAFile = trustedCAFile
    }

    init(reading r: inout SettingReader) {
        let s = "SendmailModule"
        let name = r.string(s)
        let short = name.hasPrefix(Module.prefix) ? String(name.dropFirst(Module.prefix.count)) : name
        module = Module(rawValue: short) ?? .doNotSend
        if Module(rawValue: short) == nil && r.config.value(named: s) != nil {
            r.report(s, "must be one of " + Module.allCases.map { Module.prefix + $0.rawValue }.joined(separator: ", ")
                + ", not '\(name)'")
        }
        host = r.string(s + "::Host")
        if module.isSMTP && host.trimmingCharacters(in: .whitespaces).isEmpty {
            r.report(s + "::Host", "is needed with SendmailModule \(Module.prefix)\(module.rawValue)")
        }
        // Port, AuthUser and AuthPassword are not active in OTRS's defaults (Valid="0"): absent is normal
        port = module.defaultPort
        if let text = r.optionalString(s + "::Port"), !text.isEmpty {
            if let value = Int(text), (1...65535).contains(value) { port = value } else {
                r.report(s + "::Port", "must be a port number from 1 to 65535, not '\(text)'")
            }
        }
        authUser = r.optionalString(s + "::AuthUser") ?? ""
        authPassword = r.optionalString(s + "::AuthPassword") ?? ""
        sendmailCommand = r.optionalString(s + "::CMD") ?? "/usr/sbin/sendmail -i -f"
        if module == .sendmail && sendmailCommand.trimmingCharacters(in: .whitespaces).isEmpty {
            r.report(s + "::CMD", "is needed with SendmailModule \(Module.prefix)Sendmail")
        }
        fqdn = r.string("FQDN")
        senderName = r.string("NotificationSenderName")
        senderAddress = r.string("NotificationSenderEmail").replacingOccurrences(of: "<OTRS_CONFIG_FQDN>", with: fqdn)
        if !Self.isPlainAddress(senderAddress) {
            r.report("NotificationSenderEmail", "must be an address like chat@example.com, not '\(senderAddress)'")
        }
        if fqdn.isEmpty || fqdn.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "@" }) {
            r.report("FQDN", "must be a host name like chat.example.com, not '\(fqdn)'")
        }
        let m = "ChatEngine::Mail::"
        transcriptAtChatEnd = r.bool(m + "TranscriptAtChatEnd")
        maxRequestsPerChat = r.int(m + "MaxRequestsPerChat", atLeast: 1)
        maxVisitorRequestsPerHourPerIP = r.int(m + "MaxVisitorRequestsPerHourPerIP", atLeast: 1)
        timeout = r.int(m + "Timeout", atLeast: 1)
        verifyCertificate = r.bool(m + "VerifyCertificate")
        trustedCAFile = r.string(m + "TrustedCAFile")
    }

    /// `local@domain` without spaces, brackets or a second `@` (what an envelope sender can be).
    static func isPlainAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && !parts[1].isEmpty && text.utf8.count <= 254
            && !text.contains(where: { $0.isWhitespace || "<>,\"".contains($0) }) && !text.hasPrefix("-")
    }
}

extension SettingReader {
    /// A setting that may be absent (OTRS ships it inactive); a value of another kind is reported.
    mutating func optionalString(_ name: String) -> String? {
        switch config.value(named: name) {
        case nil, .undef?: return nil
        case .string(let text)?: return text
        case .some(let other):
            report(name, "must be a single value, not \(other.kindPhrase)")
            return nil
        }
    }
}
