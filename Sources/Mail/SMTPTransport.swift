import Logging
import NIOCore
import NIOPosix

/// Sends mail to an SMTP server (OTRS's `Kernel::System::Email::SMTP`, `::SMTPS`, `::SMTPTLS`): one connection
/// per mail, EHLO (HELO when refused), STARTTLS or implicit TLS, AUTH PLAIN or LOGIN over TLS only,
/// MAIL FROM / RCPT TO / DATA, QUIT. Every step waits at most `configuration.timeout`.
public final class SMTPTransport: MailTransport {
    public let configuration: SMTPConfiguration
    let group: any EventLoopGroup
    let logger: Logger

    public init(
        configuration: SMTPConfiguration, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "chatengine.mail")
    ) {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
    }

    public func send(_ message: MailMessage) async throws -> MailReceipt {
        if let problem = message.problem { throw MailError.permanent(problem) }
        throw MailError.temporary("the SMTP client is not built yet")
    }
}
