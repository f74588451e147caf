/// What the mail server (or sendmail) said when it took the message.
public struct MailReceipt: Sendable, Hashable {
    /// The final reply, e.g. `250 2.0.0 Ok: queued as 4Ab1`; for sendmail its output, for DoNotSend a note.
    public var reply: String

    public init(reply: String) {
        self.reply = reply
    }
}

/// Why a mail was not sent. The text always keeps what the server said.
public enum MailError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Connection refused or broken, a timeout, a 4xx reply: try again later.
    case temporary(String)
    /// A 5xx reply, a certificate that does not verify, credentials refused, a message that cannot be sent:
    /// trying again will not help.
    case permanent(String)

    public var description: String {
        switch self {
        case .temporary(let text): "mail not sent (will retry): \(text)"
        case .permanent(let text): "mail not sent: \(text)"
        }
    }

    public var isTemporary: Bool {
        if case .temporary = self { true } else { false }
    }

    /// The reason without the prefix.
    public var text: String {
        switch self {
        case .temporary(let text), .permanent(let text): text
        }
    }
}

/// A way to hand a mail on: SMTP, a local sendmail, or nowhere. Throws `MailError` only.
public protocol MailTransport: Sendable {
    func send(_ message: MailMessage) async throws -> MailReceipt
}
