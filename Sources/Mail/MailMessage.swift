import Foundation

/// A file attached to a mail; its bytes go out base64-encoded, its name RFC 2231-encoded.
public struct MailAttachment: Sendable {
    public var filename: String
    /// e.g. `application/pdf`
    public var contentType: String
    public var data: [UInt8]

    public init(filename: String, contentType: String, data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// A header the writer does not make itself (e.g. `Auto-Submitted: auto-generated`). The value is written
/// as given when it is printable ASCII, else as RFC 2047 encoded words.
public struct MailHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One mail, ready to render and send: the envelope is taken from `from` and `to`.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var date: Date
    /// Without angle brackets (`4711.chat@example.org`), chosen by the caller and stable across retries, so a
    /// mail sent twice in the crash window is recognisable as the same one.
    public var messageID: String
    /// Plain text, any Unicode; line breaks may be LF or CRLF.
    public var textBody: String
    public var attachments: [MailAttachment]
    public var extraHeaders: [MailHeader]

    public init(
        from: MailAddress, to: [MailAddress], subject: String, date: Date, messageID: String,
        textBody: String, attachments: [MailAttachment] = [], extraHeaders: [MailHeader] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.textBody = textBody
        self.attachments = attachments
        self.extraHeaders = extraHeaders
    }

    /// Why this message cannot be sent, or nil: checked by every transport before it talks to anyone.
    public var problem: String? {
        if let problem = from.problem { return "sender: \(problem)" }
        if to.isEmpty { return "no recipient" }
        for recipient in to {
            if let problem = recipient.problem { return "recipient: \(problem)" }
        }
        if messageID.isEmpty || messageID.contains(where: { $0 == "<" || $0 == ">" || $0.isWhitespace })
            || !messageID.contains("@") {
            return "the Message-ID \(messageID.debugDescription) is not id@domain without brackets or spaces"
        }
        for header in extraHeaders {
            if header.name.isEmpty || header.name.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value >= 0x7F || $0 == ":" }) {
                return "the header name \(header.name.debugDescription) is not printable ASCII without ':'"
            }
            if header.value.contains(where: { $0 == "\r" || $0 == "\n" }) {
                return "the header \(header.name) contains a line break"
            }
        }
        return nil
    }
}
