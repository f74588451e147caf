import Logging

/// Sends nothing and logs what it would have sent: OTRS's `Kernel::System::Email::DoNotSendEmail`.
public struct DoNotSendTransport: MailTransport {
    private let logger: Logger

    public init(logger: Logger = Logger(label: "chatengine.mail")) {
        self.logger = logger
    }

    public func send(_ message: MailMessage) async throws -> MailReceipt {
        if let problem = message.problem { throw MailError.permanent(problem) }
        logger.info("mail not sent (SendmailModule is DoNotSendEmail)", metadata: [
            "message-id": "\(message.messageID)",
            "to": "\(message.to.map(\.address).joined(separator: ", "))",
        ])
        return MailReceipt(reply: "not sent: DoNotSendEmail")
    }
}
