import Foundation

/// Where and how to reach the mail server: OTRS's `SendmailModule` (`SMTP`, `SMTPS`, `SMTPTLS`) and its
/// `::Host`, `::Port`, `::AuthUser`, `::AuthPassword`.
public struct SMTPConfiguration: Sendable {
    public enum Security: String, Sendable, CaseIterable {
        /// No TLS at all (OTRS `Kernel::System::Email::SMTP`); AUTH is refused on such a connection.
        case plain
        /// Plain connect, then STARTTLS, which the server must offer (`Kernel::System::Email::SMTPTLS`).
        case startTLS
        /// TLS from the first byte, "SMTPS" (`Kernel::System::Email::SMTPS`).
        case implicitTLS

        /// OTRS's default ports: 25, 587, 465.
        public var defaultPort: Int {
            switch self {
            case .plain: 25
            case .startTLS: 587
            case .implicitTLS: 465
            }
        }
    }

    public struct Credentials: Sendable, Hashable {
        public var user: String
        public var password: String

        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }
    }

    public var host: String
    public var port: Int
    public var security: Security
    /// Sent only over TLS, with PLAIN or LOGIN as the server advertises.
    public var auth: Credentials?
    /// The longest wait for each step: connecting, the TLS handshake, each reply.
    public var timeout: Duration
    /// The name sent with EHLO/HELO.
    public var heloName: String
    /// The server's certificate chain and host name are checked (on unless said otherwise).
    public var certificateVerification: Bool
    /// A PEM file of roots to trust instead of the system's (private CAs, tests).
    public var trustedRootsFile: String?

    public init(
        host: String, port: Int? = nil, security: Security = .startTLS, auth: Credentials? = nil,
        timeout: Duration = .seconds(30), heloName: String = SMTPConfiguration.defaultHeloName,
        certificateVerification: Bool = true, trustedRootsFile: String? = nil
    ) {
        self.host = host
        self.port = port ?? security.defaultPort
        self.security = security
        self.auth = auth
        self.timeout = timeout
        self.heloName = heloName
        self.certificateVerification = certificateVerification
        self.trustedRootsFile = trustedRootsFile
    }

    /// This machine's name when it is a usable EHLO argument, else `localhost`.
    public static var defaultHeloName: String {
        let name = ProcessInfo.processInfo.hostName
        let usable = !name.isEmpty && name.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "."
        }
        return usable ? name : "localhost"
    }
}
